package io.clipstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class JpegEncoderTest {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    @Test
    void theFastPathIsLoadedHere() {
        assertThat(LibjpegTurboNatives.available()).as("OpenCV natives for this platform").isTrue();
    }

    @Test
    void bothEncodersKeepColoursAndOrientation() throws Exception {
        RgbImage image = halves(160, 90);
        for (BiFunction<RgbImage, Integer, byte[]> encoder : java.util.List.<BiFunction<RgbImage, Integer, byte[]>>of(
                JpegEncoder::encode, JpegEncoder::viaImageIo)) {
            RgbImage back = decoder.decode(encoder.apply(image, 90));

            assertThat(back.width()).isEqualTo(160);
            assertThat(back.height()).isEqualTo(90);
            assertPixelNear(back, 20, 45, 224, 16, 16);
            assertPixelNear(back, 140, 45, 16, 16, 224);
        }
    }

    @Test
    void areaShrinkAveragesWholeBlocksAndKeepsColours() {
        RgbImage shrunk = AreaResize.shrink(halves(160, 90), 40, 30).orElseThrow();

        assertThat(shrunk.width()).isEqualTo(40);
        assertThat(shrunk.height()).isEqualTo(30);
        assertPixelNear(shrunk, 5, 15, 224, 16, 16);
        assertPixelNear(shrunk, 35, 15, 16, 16, 224);
        // A 2x2 checkerboard of black and white averages to mid grey: every source pixel counted.
        byte[] checker = new byte[4 * 4 * 3];
        for (int p = 0; p < 16; p++) {
            byte v = (byte) (((p % 4) + (p / 4)) % 2 == 0 ? 0 : 255);
            checker[3 * p] = v;
            checker[3 * p + 1] = v;
            checker[3 * p + 2] = v;
        }
        RgbImage grey = AreaResize.shrink(new RgbImage(4, 4, checker), 2, 2).orElseThrow();
        for (byte b : grey.rgb()) {
            assertThat(b & 0xFF).isBetween(126, 129);
        }
        assertThatThrownBy(() -> AreaResize.shrink(halves(8, 8), 16, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lowerQualityMakesSmallerFiles() {
        RgbImage noisy = noise(256, 192);
        assertThat(JpegEncoder.encode(noisy, 30).length).isLessThan(JpegEncoder.encode(noisy, 90).length);
    }

    @Test
    void qualityOutsideTheScaleIsRefused() {
        assertThatThrownBy(() -> JpegEncoder.encode(halves(8, 8), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JpegEncoder.encode(halves(8, 8), 101)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Left half red, right half blue: a channel swap or a transposition would show. */
    private static RgbImage halves(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                rgb[p] = (byte) (x < w / 2 ? 224 : 16);
                rgb[p + 1] = 16;
                rgb[p + 2] = (byte) (x < w / 2 ? 16 : 224);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static RgbImage noise(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        new java.util.Random(3).nextBytes(rgb);
        return new RgbImage(w, h, rgb);
    }

    private static void assertPixelNear(RgbImage img, int x, int y, int r, int g, int b) {
        int p = (y * img.width() + x) * 3;
        assertThat(img.rgb()[p] & 0xFF).isBetween(r - 12, r + 12);
        assertThat(img.rgb()[p + 1] & 0xFF).isBetween(g - 12, g + 12);
        assertThat(img.rgb()[p + 2] & 0xFF).isBetween(b - 12, b + 12);
    }
}
