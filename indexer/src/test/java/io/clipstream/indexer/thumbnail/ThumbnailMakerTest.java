package io.clipstream.indexer.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.clipstream.model.image.RgbImage;
import io.clipstream.testing.SyntheticImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThumbnailMakerTest {

    private final ThumbnailMaker maker = new ThumbnailMaker(256, 0.8f, 64 * 1024);

    @ParameterizedTest
    @CsvSource({"2400, 1800", "1800, 2400", "1024, 1024", "6000, 97", "300, 257", "257, 300"})
    void longerSideIsBoundedAndAspectRatioKept(int width, int height) throws Exception {
        Thumbnail thumbnail = maker.make(rgb(SyntheticImages.picture(width, height, width + height))).orElseThrow();

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(thumbnail.jpeg()));
        assertThat(decoded).as("a JPEG that ImageIO decodes").isNotNull();
        assertThat(decoded.getWidth()).isEqualTo(thumbnail.width());
        assertThat(decoded.getHeight()).isEqualTo(thumbnail.height());
        assertThat(Math.max(decoded.getWidth(), decoded.getHeight())).isEqualTo(256);
        double aspect = (double) width / height;
        // Rounding to whole pixels moves the shorter side by at most half a pixel.
        double shorter = Math.min(decoded.getWidth(), decoded.getHeight());
        assertThat((double) decoded.getWidth() / decoded.getHeight())
                .isCloseTo(aspect, within(aspect * 0.5 / shorter + 1e-9));
        assertThat(thumbnail.jpeg()).hasSizeLessThanOrEqualTo(64 * 1024);
        assertThat(thumbnail.quality()).isEqualTo(0.8f);
    }

    @Test
    void smallImagesKeepTheirSize() throws Exception {
        Thumbnail thumbnail = maker.make(rgb(SyntheticImages.picture(120, 80, 1))).orElseThrow();

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(thumbnail.jpeg()));
        assertThat(decoded.getWidth()).isEqualTo(120);
        assertThat(decoded.getHeight()).isEqualTo(80);
    }

    @Test
    void colourAndOrientationSurvive() throws Exception {
        // Left half red, right half blue: a channel swap or a transposition would show.
        BufferedImage picture = new BufferedImage(800, 400, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 400; y++) {
            for (int x = 0; x < 800; x++) {
                picture.setRGB(x, y, x < 400 ? 0xE01010 : 0x1010E0);
            }
        }
        Thumbnail thumbnail = maker.make(rgb(picture)).orElseThrow();

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(thumbnail.jpeg()));
        assertThat(decoded.getWidth()).isEqualTo(256);
        assertThat(decoded.getHeight()).isEqualTo(128);
        int left = decoded.getRGB(40, 64);
        int right = decoded.getRGB(216, 64);
        assertThat(left >> 16 & 0xFF).isGreaterThan(180);
        assertThat(left & 0xFF).isLessThan(60);
        assertThat(right & 0xFF).isGreaterThan(180);
        assertThat(right >> 16 & 0xFF).isLessThan(60);
    }

    @Test
    void qualityIsLoweredUntilTheThumbnailFitsAndNoneIsMadeWhenItCannot() throws Exception {
        RgbImage noise = noise(512, 512);
        int atFullQuality = new ThumbnailMaker(256, 0.8f, Integer.MAX_VALUE).make(noise).orElseThrow().jpeg().length;
        int atLowest = new ThumbnailMaker(256, 0.3f, Integer.MAX_VALUE).make(noise).orElseThrow().jpeg().length;
        assertThat(atLowest).isLessThan(atFullQuality);

        Thumbnail lowered = new ThumbnailMaker(256, 0.8f, atFullQuality - 1).make(noise).orElseThrow();
        assertThat(lowered.quality()).isLessThan(0.8f);
        assertThat(lowered.jpeg()).hasSizeLessThan(atFullQuality);

        assertThat(new ThumbnailMaker(256, 0.8f, atLowest - 1).make(noise)).isEmpty();
    }

    @Test
    void targetSizeRoundsTheShorterSide() {
        assertThat(ThumbnailMaker.targetSize(1000, 333, 256)).containsExactly(256, 85);
        assertThat(ThumbnailMaker.targetSize(333, 1000, 256)).containsExactly(85, 256);
        assertThat(ThumbnailMaker.targetSize(10_000, 1, 256)).containsExactly(256, 1);
        assertThat(ThumbnailMaker.targetSize(256, 256, 256)).containsExactly(256, 256);
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new ThumbnailMaker(0, 0.8f, 1000)).hasMessageContaining("max side");
        assertThatThrownBy(() -> new ThumbnailMaker(256, 1.5f, 1000)).hasMessageContaining("quality");
        assertThatThrownBy(() -> new ThumbnailMaker(256, 0.8f, 0)).hasMessageContaining("max bytes");
    }

    private static RgbImage rgb(BufferedImage picture) {
        int width = picture.getWidth();
        int[] argb = picture.getRGB(0, 0, width, picture.getHeight(), null, 0, width);
        byte[] rgb = new byte[argb.length * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new RgbImage(width, picture.getHeight(), rgb);
    }

    private static RgbImage noise(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        new Random(42).nextBytes(rgb);
        return new RgbImage(width, height, rgb);
    }
}
