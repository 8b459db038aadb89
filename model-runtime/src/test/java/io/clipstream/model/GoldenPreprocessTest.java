package io.clipstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.image.ImagePreprocessor;
import io.clipstream.model.image.RgbImage;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java preprocessing equals the Pillow + NumPy reference (transformers' slow CLIP and SigLIP image processors).
 * Tolerances: for lossless sources the resized 8-bit image must be identical up to one level on any pixel (Pillow's
 * fixed-point rounding), and normalised samples within 1e-5. JPEG sources decode on the fast path with the same
 * libjpeg-turbo as Pillow (bit-exact), so they are held to the same bound: at most one level on any pixel.
 */
class GoldenPreprocessTest {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    static Stream<Arguments> cases() {
        return Stream.of("clip", "siglip").flatMap(mode -> {
            Stream.Builder<Arguments> out = Stream.builder();
            Golden.json().path("preprocess").path(mode).forEach(c -> out.add(Arguments.of(mode,
                    c.path("image").asText(), c)));
            return out.build();
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesTheReference(String mode, String image, JsonNode golden) throws Exception {
        ModelDescriptor model = ModelDirectory.open(Golden.model(mode.equals("clip") ? "clip-hf" : "siglip-hf"));
        ImagePreprocessor preprocessor = new ImagePreprocessor(model.preprocess());
        RgbImage source = decoder.decode(Golden.bytes(image));
        RgbImage expected = decoder.decode(Golden.bytes(golden.path("resized").asText()));

        RgbImage actual = preprocessor.resizeAndCrop(source);

        assertThat(actual.width()).isEqualTo(expected.width());
        assertThat(actual.height()).isEqualTo(expected.height());
        int maxDiff = 0;
        long sumDiff = 0;
        for (int i = 0; i < actual.rgb().length; i++) {
            int d = Math.abs((actual.rgb()[i] & 0xff) - (expected.rgb()[i] & 0xff));
            maxDiff = Math.max(maxDiff, d);
            sumDiff += d;
        }
        double meanDiff = (double) sumDiff / actual.rgb().length;
        boolean lossless = golden.path("format").asText().equals("png");
        assertThat(maxDiff).as("max level difference (mean %.3f)", meanDiff).isLessThanOrEqualTo(1);

        float[] tensor = preprocessor.preprocess(source);
        int h = model.preprocess().cropHeight();
        int w = model.preprocess().cropWidth();
        assertThat(tensor).hasSize(3 * h * w);
        if (lossless && maxDiff == 0) {
            for (JsonNode s : golden.path("samples")) {
                int c = s.get(0).asInt();
                int y = s.get(1).asInt();
                int x = s.get(2).asInt();
                assertThat(tensor[(c * h + y) * w + x]).isCloseTo((float) s.get(3).asDouble(), within(1e-5f));
            }
        }
        for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (int i = c * h * w; i < (c + 1) * h * w; i++) {
                mean += tensor[i];
            }
            mean /= h * w;
            double tolerance = lossless ? 0.01 : 0.03;
            assertThat(mean).isCloseTo(golden.path("channelMeans").get(c).asDouble(), within(tolerance));
        }
    }
}
