package io.clipstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.clipstream.model.Golden;

/**
 * A DCT-scaled decode followed by our Pillow-exact resize ({@link ImagePreprocessor#resizeAndCrop}) against
 * Pillow's reference of the full pipeline: full-scale decode, {@code Image.resize(BICUBIC)} to 224, centre crop
 * (CLIP) or squash (SigLIP). Fixtures and references: {@code models/tiny/golden/dct} (make_dct_fixtures.py,
 * photo-like 4:2:0 quality-90 JPEGs). A minimum shorter side of 224 x margin, margins 1 and 2, makes the decoder
 * pick every scale: 1/1, 1/2, 1/4 and 1/8.
 *
 * <p>Bounds, per scale over the four sources and both modes (measured with Pillow 13.0.0, then given a little
 * headroom):
 * <ul>
 *   <li>1/1: measured identical; asserted max level difference &lt;= 1, the bound lossless sources have (the
 *       decode is bit-exact with Pillow, the resize is Pillow's);</li>
 *   <li>1/2: measured PSNR 50.2..56.3 dB, max difference 6..21 levels; asserted PSNR &gt;= 48 dB, max &lt;= 26;</li>
 *   <li>1/4: measured PSNR 49.2..54.5 dB, max difference 4..17; asserted PSNR &gt;= 47 dB, max &lt;= 22;</li>
 *   <li>1/8: measured PSNR 46.6..47.2 dB, max difference 18..33; asserted PSNR &gt;= 44.5 dB, max &lt;= 40.</li>
 * </ul>
 * The scaled decodes differ from Pillow by design: libjpeg's reduced IDCT is a box-filtered downscale, which the
 * bicubic resize then finishes at a different ratio. Hard edges carry the largest single differences; the PSNR
 * (and at most ~2% of samples off by more than 2 levels) says they stay rare.
 */
class DctScaledDecodeGoldenTest {

    private static final ImageDecoder DECODER = new ImageDecoder(DecodeLimits.defaults());
    private static final int SIZE = 224;

    /** Per denominator: minimum PSNR in dB, maximum level difference. */
    private static final Map<Integer, double[]> BOUNDS = Map.of(
            2, new double[] {48.0, 26},
            4, new double[] {47.0, 22},
            8, new double[] {44.5, 40});

    /** (file, margin) -> expected denominator; together they cover 1, 2, 4 and 8. */
    private static final Map<String, int[]> EXPECTED_DENOMINATORS = Map.of(
            "landscape_1000x750.jpg", new int[] {2, 1},
            "landscape_2000x1500.jpg", new int[] {4, 2},
            "landscape_2400x1800.jpg", new int[] {8, 4},
            "portrait_1200x1600.jpg", new int[] {4, 2});

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> out = Stream.builder();
        for (JsonNode source : manifest().get("sources")) {
            for (int margin = 1; margin <= 2; margin++) {
                for (String mode : new String[] {"clip", "siglip"}) {
                    out.add(Arguments.of(source.get("file").asText(), margin, mode, source));
                }
            }
        }
        return out.build();
    }

    @ParameterizedTest(name = "{0} margin {1} {2}")
    @MethodSource("cases")
    void scaledDecodeStaysCloseToPillowsFullDecode(String file, int margin, String mode, JsonNode source)
            throws Exception {
        DecodedImage decoded = DECODER.decode(bytes(file), SIZE * margin);
        assertThat(decoded.decoder()).isEqualTo(DecodedImage.Decoder.LIBJPEG_TURBO);
        assertThat(decoded.scaleDenominator()).as("denominator").isEqualTo(EXPECTED_DENOMINATORS.get(file)[margin - 1]);
        assertThat(decoded.originalWidth()).isEqualTo(source.get("width").asInt());
        assertThat(decoded.originalHeight()).isEqualTo(source.get("height").asInt());
        assertThat(Math.min(decoded.image().width(), decoded.image().height())).isGreaterThanOrEqualTo(SIZE * margin);

        PreprocessSpec spec = mode.equals("clip") ? PreprocessSpec.clip(SIZE) : PreprocessSpec.siglip(SIZE);
        RgbImage actual = new ImagePreprocessor(spec).resizeAndCrop(decoded.image());
        RgbImage expected = DECODER.decode(bytes(source.get(mode).asText()));
        Fixtures.Diff diff = Fixtures.diff(actual, expected);
        double psnr = psnr(actual, expected);
        String measured = String.format("1/%d: PSNR %.2f dB, %s", decoded.scaleDenominator(), psnr, diff);
        if (decoded.scaleDenominator() == 1) {
            assertThat(diff.maxAbs()).as(measured).isLessThanOrEqualTo(1);
        } else {
            double[] bound = BOUNDS.get(decoded.scaleDenominator());
            assertThat(psnr).as(measured).isGreaterThanOrEqualTo(bound[0]);
            assertThat(diff.maxAbs()).as(measured).isLessThanOrEqualTo((int) bound[1]);
        }
    }

    static double psnr(RgbImage a, RgbImage b) {
        double sum = 0;
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        for (int i = 0; i < x.length; i++) {
            double d = (x[i] & 0xFF) - (y[i] & 0xFF);
            sum += d * d;
        }
        double mse = sum / x.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    private static Path dir() {
        return Golden.dir().resolve("dct");
    }

    private static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(dir().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode manifest() {
        try {
            return new ObjectMapper().readTree(dir().resolve("manifest.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
