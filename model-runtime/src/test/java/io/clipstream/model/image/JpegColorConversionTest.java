package io.clipstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JpegColorConversionTest {

    /** Expected values from Pillow 13: Image.new("CMYK", (1, 1), (c, m, y, k)).convert("RGB"). */
    @ParameterizedTest
    @CsvSource({
        "0, 0, 0, 0, 255, 255, 255",
        "255, 255, 255, 255, 0, 0, 0",
        "10, 200, 128, 37, 209, 47, 109",
        "200, 50, 0, 255, 0, 0, 0",
        "128, 128, 128, 128, 63, 63, 63",
    })
    void cmykToRgbIsPillows(int c, int m, int y, int k, int r, int g, int b) {
        byte[] out = new byte[3];
        JpegColorConversion.pillowCmykToRgb(c, m, y, k, out, 0);
        assertThat(new int[] {out[0] & 0xFF, out[1] & 0xFF, out[2] & 0xFF}).containsExactly(r, g, b);
    }

    /** JPEG CMYK is stored inverted (Adobe); Pillow's "CMYK;I" unpacking undoes it before cmyk2rgb. */
    @ParameterizedTest
    @CsvSource({
        "255, 255, 255, 255, 255, 255, 255",
        "245, 55, 127, 218, 209, 47, 109",
    })
    void storedCmykIsInvertedFirst(int c, int m, int y, int k, int r, int g, int b) {
        byte[] rgb = JpegColorConversion.toRgb(new byte[] {(byte) c, (byte) m, (byte) y, (byte) k}, 1,
                JpegHeader.ColorSpace.CMYK);
        assertThat(new int[] {rgb[0] & 0xFF, rgb[1] & 0xFF, rgb[2] & 0xFF}).containsExactly(r, g, b);
    }

    /**
     * libjpeg jdcolor.c tables: Y=198, Cb=138, Cr=127 gives (197, 195, 216) (the JDK's own decode of the same
     * pixel); mid-grey stays grey; (255, 0, 255): G = 255 + ((2919680 - 5943854) >> 16) = 208,
     * B = 255 + ((-14864640 + 32768) >> 16) = 28, R clipped.
     */
    @ParameterizedTest
    @CsvSource({
        "198, 138, 127, 197, 195, 216",
        "128, 128, 128, 128, 128, 128",
        "255, 0, 255, 255, 208, 28",
    })
    void yccToRgbIsLibjpegs(int yy, int cb, int cr, int r, int g, int b) {
        byte[] rgb = JpegColorConversion.toRgb(new byte[] {(byte) yy, (byte) cb, (byte) cr}, 1,
                JpegHeader.ColorSpace.YCBCR);
        assertThat(new int[] {rgb[0] & 0xFF, rgb[1] & 0xFF, rgb[2] & 0xFF}).containsExactly(r, g, b);
    }
}
