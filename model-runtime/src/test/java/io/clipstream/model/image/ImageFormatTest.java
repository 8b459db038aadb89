package io.clipstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageFormatTest {

    @ParameterizedTest
    @CsvSource({
        "photo_640x480.jpg, JPEG",
        "photo_640x480_progressive.jpg, JPEG",
        "cmyk.jpg, JPEG",
        "photo_640x480.png, PNG",
        "gray16.png, PNG",
        "two_frames.gif, GIF",
        "lossy.webp, WEBP",
        "lossless.webp, WEBP",
        "photo.bmp, BMP",
        "palette.bmp, BMP",
    })
    void sniffsFixturesByMagicBytes(String file, ImageFormat expected) {
        assertThat(ImageFormat.sniff(Fixtures.source(file))).contains(expected);
    }

    @Test
    void ignoresTheFileNameAndRejectsTextNamedJpg() {
        assertThat(ImageFormat.sniff(Fixtures.source("not_an_image.jpg"))).isEmpty();
    }

    @Test
    void rejectsEmptyNullAndTooShortInput() {
        assertThat(ImageFormat.sniff(new byte[0])).isEmpty();
        assertThat(ImageFormat.sniff(null)).isEmpty();
        assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEmpty();
        assertThat(ImageFormat.sniff("GIF8".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    @Test
    void riffThatIsNotWebpIsRejected() {
        byte[] wav = "RIFF\0\0\0\0WAVEfmt \0\0\0\0".getBytes(StandardCharsets.US_ASCII);
        assertThat(ImageFormat.sniff(wav)).isEmpty();
    }

    @Test
    void bmpNeedsAPlausibleDibHeaderNotJustBM() {
        byte[] text = "BMW is a car brand, not a bitmap header.".getBytes(StandardCharsets.US_ASCII);
        assertThat(ImageFormat.sniff(text)).isEmpty();
        byte[] bmp = Fixtures.source("photo.bmp");
        assertThat(ImageFormat.sniff(bmp)).contains(ImageFormat.BMP);
    }
}
