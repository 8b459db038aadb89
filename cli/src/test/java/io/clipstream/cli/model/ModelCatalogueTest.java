package io.clipstream.cli.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelCatalogueTest {

    @Test
    void theBundledCatalogueHasClipAndSiglip2PinnedToCommits() {
        ModelCatalogue catalogue = ModelCatalogue.bundled();

        CatalogueEntry clip = catalogue.find("clip-vit-base-patch32").orElseThrow();
        assertThat(clip.repo()).isEqualTo("Xenova/clip-vit-base-patch32");
        assertThat(clip.revision()).matches("[0-9a-f]{40}");
        assertThat(clip.requiredFiles("")).contains("config.json", "preprocessor_config.json", "tokenizer.json",
                "onnx/vision_model.onnx", "onnx/text_model.onnx");
        assertThat(clip.sha256()).containsKey("onnx/vision_model.onnx");

        CatalogueEntry siglip = catalogue.find("siglip2-base-patch16-224").orElseThrow();
        assertThat(siglip.repo()).isEqualTo("onnx-community/siglip2-base-patch16-224-ONNX");
        assertThat(siglip.revision()).matches("[0-9a-f]{40}");
        assertThat(siglip.requiredFiles("fp16")).contains("onnx/vision_model_fp16.onnx", "onnx/text_model_fp16.onnx")
                .allSatisfy(p -> assertThat(siglip.sha256().containsKey(p) || !p.endsWith(".onnx")).isTrue());
        assertThat(catalogue.find("nope")).isEmpty();
    }

    @Test
    void pinsApplyOnlyAtThePinnedRevision() {
        CatalogueEntry clip = ModelCatalogue.bundled().find("clip-vit-base-patch32").orElseThrow();

        assertThat(FetchPlan.of(clip, null, "", java.nio.file.Path.of("m"), false).pins()).isEqualTo(clip.sha256());
        assertThat(FetchPlan.of(clip, "main", "", java.nio.file.Path.of("m"), false).pins()).isEmpty();
    }

    @Test
    void duplicateNamesAndBadPinsAreRefused() {
        String entry = """
                {"name":"a","repo":"o/a","revision":"main","files":["config.json"]%s}""";
        String dup = "{\"models\":[" + entry.formatted("") + "," + entry.formatted("") + "]}";
        assertThatThrownBy(() -> ModelCatalogue.parse(new ByteArrayInputStream(dup.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("twice");
        String badPin = "{\"models\":[" + entry.formatted(",\"sha256\":{\"config.json\":\"xyz\"}") + "]}";
        assertThatThrownBy(() -> ModelCatalogue.parse(new ByteArrayInputStream(badPin.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("not 64 hex digits");
    }
}
