package io.clipstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resampler against Pillow 13's {@code Image.resize(size, Image.BICUBIC)}. Tolerance: none. Every reference
 * (downscale, upscale, mixed, vertical-pass-first shapes, 1x1, random noise that exercises rounding and clipping)
 * is reproduced bit for bit, so the test demands equality.
 */
class BicubicResamplerTest {

    private final BicubicResampler resampler = new BicubicResampler();

    static Stream<String> references() {
        Stream.Builder<String> b = Stream.builder();
        Fixtures.manifest().get("resize").forEach(r -> b.add(r.get("reference").asText()));
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void equalsPillowBicubic(String reference) {
        JsonNode entry = null;
        for (JsonNode r : Fixtures.manifest().get("resize")) {
            if (r.get("reference").asText().equals(reference)) {
                entry = r;
            }
        }
        RgbImage src = Fixtures.reference(Fixtures.fixture(entry.get("source").asText()));
        RgbImage out = resampler.resize(src, entry.get("width").asInt(), entry.get("height").asInt());
        RgbImage expected = Fixtures.decodePng("resize/" + reference);
        Fixtures.Diff d = Fixtures.diff(out, expected);
        assertThat(d.maxAbs()).as("%s: %s", reference, d).isZero();
    }

    @Test
    void referencesCoverBothPassOrdersAndBothDirections() {
        boolean verticalFirst = false;
        boolean horizontalFirst = false;
        boolean up = false;
        boolean down = false;
        for (JsonNode r : Fixtures.manifest().get("resize")) {
            JsonNode src = Fixtures.fixture(r.get("source").asText());
            int inW = src.get("width").asInt();
            int inH = src.get("height").asInt();
            int w = r.get("width").asInt();
            int h = r.get("height").asInt();
            if (BicubicResampler.horizontalFirst(inW, inH, w, h)) {
                horizontalFirst = true;
            } else {
                verticalFirst = true;
            }
            up |= w > inW || h > inH;
            down |= w < inW || h < inH;
        }
        assertThat(verticalFirst && horizontalFirst && up && down).isTrue();
    }

    @Test
    void sameSizeIsACopy() {
        RgbImage src = Fixtures.reference(Fixtures.fixture("noise_64x48.png"));
        assertThat(resampler.resize(src, 64, 48)).isEqualTo(src);
    }

    @ParameterizedTest
    @CsvSource({
        "noise_64x48.png, 31, 17",
        "noise_64x48.png, 100, 75",
        "noise_64x48.png, 70, 10",
        "noise_64x48.png, 64, 20",
        "noise_64x48.png, 20, 48",
        "photo_640x480.png, 298, 224",
        "photo_300x500.png, 224, 373",
        "photo_240x900.png, 224, 840",
        "photo_50x30.png, 373, 224",
        "photo_50x30.png, 51, 29",
    })
    void resizeCroppedEqualsResizeThenCrop(String source, int outW, int outH) {
        RgbImage src = Fixtures.reference(Fixtures.fixture(source));
        RgbImage full = resampler.resize(src, outW, outH);
        Random random = new Random(outW * 31L + outH);
        for (int i = 0; i < 12; i++) {
            int cw = 1 + random.nextInt(outW);
            int ch = 1 + random.nextInt(outH);
            int cx = random.nextInt(outW - cw + 1);
            int cy = random.nextInt(outH - ch + 1);
            RgbImage window = resampler.resizeCropped(src, outW, outH, cx, cy, cw, ch);
            assertThat(window).as("window %dx%d at (%d,%d)", cw, ch, cx, cy).isEqualTo(crop(full, cx, cy, cw, ch));
        }
        assertThat(resampler.resizeCropped(src, outW, outH, 0, 0, outW, outH)).isEqualTo(full);
    }

    @Test
    void rejectsBadSizesAndWindows() {
        RgbImage src = new RgbImage(4, 4, new byte[48]);
        assertThatThrownBy(() -> resampler.resize(src, 0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> resampler.resizeCropped(src, 8, 8, 4, 0, 5, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not inside");
        assertThatThrownBy(() -> resampler.resizeCropped(src, 8, 8, -1, 0, 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bicubicKernelIsPillows() {
        assertThat(BicubicResampler.bicubic(0)).isEqualTo(1.0);
        assertThat(BicubicResampler.bicubic(1)).isEqualTo(0.0);
        assertThat(BicubicResampler.bicubic(0.5)).isEqualTo(0.5625);
        assertThat(BicubicResampler.bicubic(-1.5)).isEqualTo(-0.0625);
        assertThat(BicubicResampler.bicubic(2)).isEqualTo(0.0);
    }

    @Test
    void passOrderFollowsPillow13() {
        assertThat(BicubicResampler.horizontalFirst(640, 480, 224, 224)).isTrue();
        assertThat(BicubicResampler.horizontalFirst(300, 500, 224, 224)).isFalse(); // 276 > 2 * 76
        assertThat(BicubicResampler.horizontalFirst(50, 30, 51, 29)).isFalse(); // 1 > 2 * -1
        assertThat(BicubicResampler.horizontalFirst(50, 30, 224, 224)).isTrue();
    }

    static RgbImage crop(RgbImage src, int x, int y, int w, int h) {
        byte[] out = new byte[w * h * 3];
        for (int row = 0; row < h; row++) {
            System.arraycopy(src.rgb(), ((y + row) * src.width() + x) * 3, out, row * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }
}
