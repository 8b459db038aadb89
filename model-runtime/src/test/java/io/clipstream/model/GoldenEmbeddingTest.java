package io.clipstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.onnx.ImageEncoder;
import io.clipstream.model.vector.Vectors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Embeddings from Java (decode, preprocess, ONNX Runtime Java, normalise) equal those of onnxruntime-python on
 * the Pillow + NumPy reference tensors. Bounds: max absolute difference per component 1e-4 for float32 models
 * (float rounding only) and 5e-3 for float16 models; for JPEG sources, whose decoders differ by a level here and
 * there, cosine similarity above 0.999.
 */
class GoldenEmbeddingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "clip-hf,       clip-hf,       '',   1e-4",
        "clip-hf-fp16,  clip-hf,       fp16, 5e-3",
        "siglip-hf,     siglip-hf,     '',   1e-4",
        "clip-openclip, clip-openclip, '',   1e-4"
    })
    void imagesAndTextsEmbedLikeOnnxruntimePython(String golden, String dir, String variant, double tolerance)
            throws Exception {
        JsonNode expected = Golden.json().path("embeddings").path(golden);
        ModelOptions options = ModelOptions.both(ExecutionSettings.cpu(1)).withVariant(variant);
        try (ClipModel model = ClipModel.open(Golden.model(dir), options)) {
            ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
            ImageEncoder vision = model.vision();
            List<String> names = new ArrayList<>();
            expected.path("images").fieldNames().forEachRemaining(names::add);
            float[] pixels = new float[names.size() * vision.imageSize()];
            for (int i = 0; i < names.size(); i++) {
                model.preprocessor().preprocessInto(decoder.decode(Golden.bytes("images/" + names.get(i))), pixels,
                        i * vision.imageSize());
            }

            float[][] images = vision.encode(pixels, names.size());

            for (int i = 0; i < names.size(); i++) {
                float[] want = Golden.vector(expected.path("images").path(names.get(i)));
                assertThat(images[i]).hasSize(model.dims());
                assertThat(Vectors.norm(images[i])).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
                if (names.get(i).endsWith(".jpg")) {
                    assertThat(Vectors.dot(images[i], want)).as(names.get(i)).isGreaterThan(0.999);
                } else {
                    assertThat(maxAbsDiff(images[i], want)).as(names.get(i)).isLessThanOrEqualTo(tolerance);
                }
            }

            List<String> texts = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.path("texts").fields(); it.hasNext(); ) {
                texts.add(it.next().getKey());
            }
            float[][] embedded = model.embedTexts(texts);
            for (int i = 0; i < texts.size(); i++) {
                float[] want = Golden.vector(expected.path("texts").path(texts.get(i)));
                assertThat(maxAbsDiff(embedded[i], want)).as("text '%s'", texts.get(i))
                        .isLessThanOrEqualTo(tolerance);
            }
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
