package io.clipstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.vector.Vectors;
import io.clipstream.testing.RepoPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed tiny CLIP (models/trained-tiny, trained by its train.py) knows its world through the Java path
 * every real export takes: clipstream's decoder and preprocessing, the DJL tokenizer, ONNX Runtime. On JPEGs of
 * (colour, shape) pairs it never saw in training, zero-shot accuracy per attribute clears the bounds below and
 * stays within two pictures of what train.py measured in Python on the same files, in both export layouts.
 *
 * <p>The bounds are what the committed model reaches, a little under its measured values (see its model card):
 * colour, size and background near 100 %, count and shape well above chance (1/3, 1/6) but short of issue #13's
 * 80 % for shape; pattern is not learned (at chance), so it has no lower bound, only the Python equality.
 */
class TrainedTinyClipTest {

    private static final Path MODELS = RepoPaths.resolve("models/trained-tiny");
    private static final Map<String, Double> BOUNDS = Map.of(
            "colour", 0.95, "size", 0.95, "background", 0.95, "count", 0.55, "shape", 0.35, "pattern", 0.0);

    @ParameterizedTest
    @ValueSource(strings = {"clip-hf", "clip-openclip"})
    void heldOutCombinationsAreRecognisedZeroShot(String layout) throws Exception {
        JsonNode labels = new ObjectMapper().readTree(MODELS.resolve("heldout/labels.json").toFile());
        List<String> prompts = new ArrayList<>();
        labels.path("prompts").forEach(p -> prompts.add(p.asText()));
        List<String> files = new ArrayList<>();
        labels.path("images").fieldNames().forEachRemaining(files::add);
        assertThat(files).hasSizeGreaterThanOrEqualTo(80);

        Map<String, Integer> right = new LinkedHashMap<>();
        try (ClipModel model = ClipModel.open(MODELS.resolve(layout), ModelOptions.both(ExecutionSettings.cpu(1)))) {
            assertThat(model.descriptor().family()).isEqualTo(ModelFamily.CLIP);
            assertThat(model.dims()).isGreaterThanOrEqualTo(64);
            float[][] text = model.embedTexts(prompts);
            ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
            for (String file : files) {
                byte[] bytes = Files.readAllBytes(MODELS.resolve("heldout").resolve(file));
                float[] image = model.embedImage(decoder.decode(bytes));
                assertThat(Vectors.norm(image)).isCloseTo(1.0, within(1e-4));
                for (Iterator<Map.Entry<String, JsonNode>> it = labels.path("images").path(file).path("zeroShot")
                        .fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> attribute = it.next();
                    JsonNode candidates = attribute.getValue().path("prompts");
                    int best = 0;
                    for (int i = 1; i < candidates.size(); i++) {
                        if (Vectors.dot(image, text[candidates.get(i).asInt()])
                                > Vectors.dot(image, text[candidates.get(best).asInt()])) {
                            best = i;
                        }
                    }
                    boolean correct = best == attribute.getValue().path("answer").asInt();
                    right.merge(attribute.getKey(), correct ? 1 : 0, Integer::sum);
                }
            }
        }

        assertThat(right.keySet()).containsExactlyInAnyOrderElementsOf(BOUNDS.keySet());
        for (Map.Entry<String, Integer> e : right.entrySet()) {
            double accuracy = e.getValue() / (double) files.size();
            double python = labels.path("accuracy").path(e.getKey()).asDouble();
            assertThat(accuracy).as("%s zero-shot accuracy on held-out combinations (%s)", e.getKey(), layout)
                    .isGreaterThanOrEqualTo(BOUNDS.get(e.getKey()));
            assertThat(accuracy).as("%s: Java against train.py's onnxruntime on the same files", e.getKey())
                    .isCloseTo(python, within(2.0 / files.size() + 1e-9));
        }
    }
}
