package io.clipstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.model.image.ResizeMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

    @Test
    void readsTheHuggingFaceClipLayout() {
        ModelDescriptor clip = ModelDirectory.open(Golden.model("clip-hf"));

        assertThat(clip.modelId()).isEqualTo("tiny-clip");
        assertThat(clip.family()).isEqualTo(ModelFamily.CLIP);
        assertThat(clip.layout()).isEqualTo(ModelLayout.HUGGING_FACE);
        assertThat(clip.preprocess().mode()).isEqualTo(ResizeMode.SHORTEST_EDGE_CENTER_CROP);
        assertThat(clip.preprocess().shortestEdge()).isEqualTo(224);
        assertThat(clip.preprocess().mean()).containsExactly(0.48145466f, 0.4578275f, 0.40821073f);
        assertThat(clip.text().contextLength()).isEqualTo(77);
        assertThat(clip.text().padToContext()).isFalse();
        assertThat(clip.visionModel()).endsWith(Path.of("onnx", "vision_model.onnx"));
        assertThat(clip.score().score(0.3)).isEqualTo(30.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(clip.checksum()).hasSize(64).isEqualTo(ModelDirectory.open(Golden.model("clip-hf")).checksum());
    }

    @Test
    void readsTheHuggingFaceSiglipLayout() {
        ModelDescriptor siglip = ModelDirectory.open(Golden.model("siglip-hf"));

        assertThat(siglip.family()).isEqualTo(ModelFamily.SIGLIP);
        assertThat(siglip.preprocess().mode()).isEqualTo(ResizeMode.SQUASH);
        assertThat(siglip.preprocess().mean()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(siglip.text().contextLength()).isEqualTo(64);
        assertThat(siglip.text().padToContext()).isTrue();
        assertThat(siglip.text().padTokenId()).isZero();
        assertThat(siglip.score().score(1.0)).isBetween(0.0, 1.0);
    }

    @Test
    void readsTheOpenClipLayout() {
        ModelDescriptor openclip = ModelDirectory.open(Golden.model("clip-openclip"));

        assertThat(openclip.layout()).isEqualTo(ModelLayout.OPEN_CLIP);
        assertThat(openclip.family()).isEqualTo(ModelFamily.CLIP);
        assertThat(openclip.visionModel()).endsWith(Path.of("visual", "model.onnx"));
        assertThat(openclip.preprocess().mode()).isEqualTo(ResizeMode.SHORTEST_EDGE_CENTER_CROP);
        assertThat(openclip.text().padToContext()).isTrue();
        assertThat(openclip.text().padTokenId()).as("'!' is id 0, as open_clip pads").isZero();
    }

    @Test
    void variantsPickTheirOnnxFilesAndUnknownOnesListWhatExists() {
        assertThat(ModelDirectory.open(Golden.model("clip-hf"), "fp16", null).visionModel())
                .endsWith(Path.of("onnx", "vision_model_fp16.onnx"));
        assertThatThrownBy(() -> ModelDirectory.open(Golden.model("clip-hf"), "q4", null))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("vision_model_q4.onnx").hasMessageContaining("vision_model_fp16.onnx");
        assertThat(ModelDirectory.open(Golden.model("clip-hf"), "", "my-clip").modelId()).isEqualTo("my-clip");
    }

    @Test
    void badDirectoriesFailNamingWhatIsWrong(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ModelDirectory.open(dir.resolve("absent")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("does not exist");

        Files.writeString(dir.resolve("readme.txt"), "not a model");
        assertThatThrownBy(() -> ModelDirectory.open(dir))
                .hasMessageContaining("onnx/vision_model.onnx").hasMessageContaining("readme.txt");

        Files.createDirectories(dir.resolve("onnx"));
        Files.writeString(dir.resolve("onnx/vision_model.onnx"), "x");
        assertThatThrownBy(() -> ModelDirectory.open(dir)).hasMessageContaining("config.json");

        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"bert\"}");
        assertThatThrownBy(() -> ModelDirectory.open(dir)).hasMessageContaining("unsupported model_type 'bert'");

        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"clip\"}");
        Files.writeString(dir.resolve("preprocessor_config.json"), "{\"size\":{\"longest_edge\":224}}");
        assertThatThrownBy(() -> ModelDirectory.open(dir)).hasMessageContaining("'size'");
    }
}
