package io.clipstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.clipstream.model.image.ImageDecodeException.Reason;

/**
 * Which JPEGs the libjpeg-turbo fast path takes, and that every fallback keeps the error ImageIO gives (reason and
 * message), so routing never changes what an uploader is told.
 */
class JpegRoutingTest {

    private static final ImageDecoder DECODER = new ImageDecoder(DecodeLimits.defaults());
    private static final ImageDecoder IMAGE_IO_ONLY = new ImageDecoder(DecodeLimits.defaults(), false);
    private static final byte[] PHOTO = Fixtures.source("photo_640x480.jpg");

    @Test
    void theNativesLoadOnThisPlatform() {
        // CI and the containers are linux-x86_64: a failed load here would silently cost the fast path.
        assertThat(LibjpegTurboNatives.failure()).isEmpty();
        assertThat(LibjpegTurboNatives.available()).isTrue();
    }

    @Test
    void baselineProgressiveGrayAndRgbJpegsTakeTheFastPath() throws Exception {
        for (String file : new String[] {"photo_640x480.jpg", "photo_640x480_progressive.jpg", "photo_300x500.jpg",
                "gray.jpg", "rgb_keep.jpg", "exif_orientation_6.jpg", "xmp_orientation_6.jpg"}) {
            byte[] bytes = Fixtures.source(file);
            assertThat(DECODER.jpegRoute(bytes)).as(file).isEqualTo(JpegRoute.FAST_PATH);
            DecodedImage d = DECODER.decode(bytes, 0);
            assertThat(d.decoder()).as(file).isEqualTo(DecodedImage.Decoder.LIBJPEG_TURBO);
            assertThat(d.format()).isEqualTo(ImageFormat.JPEG);
            assertThat(d.scaleDenominator()).isEqualTo(1);
            assertThat(d.originalWidth()).isEqualTo(d.image().width());
            assertThat(d.originalHeight()).isEqualTo(d.image().height());
        }
    }

    @Test
    void cmykTakesTheImageIoPathAndStaysPillowExact() throws Exception {
        byte[] cmyk = Fixtures.source("cmyk.jpg");
        assertThat(DECODER.jpegRoute(cmyk)).isEqualTo(JpegRoute.FOUR_COMPONENTS);
        DecodedImage d = DECODER.decode(cmyk, 16);
        assertThat(d.decoder()).isEqualTo(DecodedImage.Decoder.IMAGE_IO);
        assertThat(d.scaleDenominator()).as("fallback JPEGs are never scaled").isEqualTo(1);
        assertThat(Fixtures.sha256(d.image().rgb())).isEqualTo(Fixtures.fixture("cmyk.jpg").get("rgbSha256").asText());
    }

    @Test
    void truncatedJpegsAreRefusedByImageIoWithTodaysReasonAndMessage() {
        byte[] noEoi = Arrays.copyOf(PHOTO, PHOTO.length - 2);
        byte[] half = Arrays.copyOf(PHOTO, PHOTO.length / 2);
        byte[] cutInAHeader = Arrays.copyOf(PHOTO, 40);
        for (byte[] bytes : new byte[][] {Fixtures.source("truncated.jpg"), noEoi, half, cutInAHeader}) {
            assertThat(DECODER.jpegRoute(bytes)).isIn(JpegRoute.INCOMPLETE, JpegRoute.NO_FRAME_HEADER);
            ImageDecodeException fast = failure(DECODER, bytes);
            ImageDecodeException imageIo = failure(IMAGE_IO_ONLY, bytes);
            assertThat(fast.reason()).as(fast.getMessage()).isEqualTo(Reason.CORRUPT);
            assertThat(fast).hasMessage(imageIo.getMessage());
            assertThat(fast.getMessage()).startsWith("JPEG data is corrupt or truncated: ");
        }
    }

    /** SOF type and precision rewritten in a real file: routing is decided by the header, so that is enough. */
    static Stream<Arguments> headerVariants() {
        return Stream.of(
                Arguments.of("arithmetic SOF9", withSof(0xC9, 8), JpegRoute.NOT_HUFFMAN_DCT),
                Arguments.of("progressive arithmetic SOF10", withSof(0xCA, 8), JpegRoute.NOT_HUFFMAN_DCT),
                Arguments.of("lossless SOF3", withSof(0xC3, 8), JpegRoute.NOT_HUFFMAN_DCT),
                Arguments.of("12-bit extended SOF1", withSof(0xC1, 12), JpegRoute.NOT_8_BIT),
                Arguments.of("height 0 (DNL)", withHeight(0), JpegRoute.INVALID_SIZE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerVariants")
    void unsupportedFramesGoToImageIoAndKeepItsVerdict(String name, byte[] bytes, JpegRoute route) {
        assertThat(DECODER.jpegRoute(bytes)).isEqualTo(route);
        ImageDecodeException fast = failure(DECODER, bytes);
        ImageDecodeException imageIo = failure(IMAGE_IO_ONLY, bytes);
        assertThat(fast.reason()).isEqualTo(imageIo.reason());
        assertThat(fast).hasMessage(imageIo.getMessage());
        // Today's verdict for each of them: refused as corrupt (libjpeg 6b has no arithmetic or 12-bit decoding).
        assertThat(fast.reason()).as(fast.getMessage()).isEqualTo(Reason.CORRUPT);
    }

    @Test
    void extendedEightBitHuffmanTakesTheFastPath() throws Exception {
        byte[] sof1 = withSof(0xC1, 8);
        assertThat(DECODER.jpegRoute(sof1)).isEqualTo(JpegRoute.FAST_PATH);
        assertThat(Fixtures.sha256(DECODER.decode(sof1).rgb()))
                .isEqualTo(Fixtures.fixture("photo_640x480.jpg").get("rgbSha256").asText());
    }

    /**
     * Decision: flipped bits inside the Huffman data, framing intact, decode like Pillow does (libjpeg-turbo
     * recovers and only warns; Pillow ignores the warning). The expected hash is Pillow 13.0.0's decode of the same
     * bytes ({@code ImageOps.exif_transpose(Image.open(f)).convert("RGB")}, sha256 of {@code tobytes()}). Before the
     * fast path, ImageIO refused such files when libjpeg 6b warned "Corrupt JPEG data", and otherwise returned its
     * own, different recovery.
     */
    @Test
    void damagedHuffmanDataDecodesExactlyAsPillowDecodesIt() throws Exception {
        byte[] damaged = damagedEntropyData();
        assertThat(DECODER.jpegRoute(damaged)).isEqualTo(JpegRoute.FAST_PATH);
        DecodedImage d = DECODER.decode(damaged, 0);
        assertThat(d.decoder()).isEqualTo(DecodedImage.Decoder.LIBJPEG_TURBO);
        assertThat(Fixtures.sha256(d.image().rgb()))
                .isEqualTo("abd8f887e767757f8ca52fa81b271f76de3ef79550da352eebc25f7677377e7d");
        // The JDK's libjpeg 6b recovers differently: it accepts this file too, but not with Pillow's pixels.
        assertThat(Fixtures.sha256(IMAGE_IO_ONLY.decode(damaged).rgb()))
                .isNotEqualTo("abd8f887e767757f8ca52fa81b271f76de3ef79550da352eebc25f7677377e7d");
    }

    @Test
    void pixelLimitUsesTheFullSizeEvenWhenDecodingScaledDown() {
        ImageDecoder limited = new ImageDecoder(new DecodeLimits(DecodeLimits.DEFAULT_MAX_BYTES, 640 * 480 - 1));
        ImageDecodeException e = catchThrowableOfType(ImageDecodeException.class, () -> limited.decode(PHOTO, 60));
        assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
        assertThat(e).hasMessage("image is 640x480 = 307200 pixels, limit is 307199");
    }

    @Test
    void scaledDecodeKeepsTheUprightFullSize() throws Exception {
        // 96x64 stored, EXIF 6: upright 64x96. A shorter side of at least 16 allows 1/4 (ceil(64/4) = 16).
        DecodedImage d = DECODER.decode(Fixtures.source("exif_orientation_6.jpg"), 16);
        assertThat(d.scaleDenominator()).isEqualTo(4);
        assertThat(d.image().width()).isEqualTo(16);
        assertThat(d.image().height()).isEqualTo(24);
        assertThat(d.originalWidth()).isEqualTo(64);
        assertThat(d.originalHeight()).isEqualTo(96);
        // Upright content: the scaled image equals the full upright image box-filtered, roughly.
        RgbImage full = DECODER.decode(Fixtures.source("exif_orientation_6.jpg"));
        assertThat(Math.abs(d.image().sample(2, 20, 0) - full.sample(10, 82, 0))).isLessThan(40);
    }

    @Test
    void otherFormatsAreDecodedAtFullScaleByImageIo() throws Exception {
        DecodedImage d = DECODER.decode(Fixtures.source("photo_640x480.png"), 60);
        assertThat(d.decoder()).isEqualTo(DecodedImage.Decoder.IMAGE_IO);
        assertThat(d.format()).isEqualTo(ImageFormat.PNG);
        assertThat(d.scaleDenominator()).isEqualTo(1);
        assertThat(d.image().width()).isEqualTo(640);
        assertThatThrownBy(() -> DECODER.decode(PHOTO, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void denominatorIsTheLargestThatKeepsTheShorterSide() {
        assertThat(DctScale.denominator(4000, 3000, 0)).isEqualTo(1);
        assertThat(DctScale.denominator(4000, 3000, 224)).isEqualTo(8); // 375
        assertThat(DctScale.denominator(4000, 3000, 376)).isEqualTo(4); // 375 < 376 <= 750
        assertThat(DctScale.denominator(1800, 2400, 225)).isEqualTo(8); // ceil(1800 / 8) = 225
        assertThat(DctScale.denominator(1801, 2400, 226)).isEqualTo(8); // ceil(1801 / 8) = 226
        assertThat(DctScale.denominator(1000, 750, 376)).isEqualTo(1);
        assertThat(DctScale.denominator(1000, 750, 375)).isEqualTo(2);
        assertThat(DctScale.denominator(10, 10, 224)).isEqualTo(1);
    }

    private static byte[] withSof(int marker, int precision) {
        byte[] b = PHOTO.clone();
        int sof = indexOfMarker(b, 0xC0);
        b[sof + 1] = (byte) marker;
        b[sof + 4] = (byte) precision;
        return b;
    }

    private static byte[] withHeight(int height) {
        byte[] b = PHOTO.clone();
        int sof = indexOfMarker(b, 0xC0);
        b[sof + 5] = (byte) (height >> 8);
        b[sof + 6] = (byte) height;
        return b;
    }

    /** Ten bytes of the entropy-coded data XOR 0x55, never creating or breaking an FF (the framing stays intact). */
    static byte[] damagedEntropyData() {
        byte[] b = PHOTO.clone();
        int n = b.length;
        for (int i = 0; i < 10; i++) {
            int p = n / 2 + i * 37;
            int v = b[p] & 0xFF;
            if (v != 0xFF && (v ^ 0x55) != 0xFF && (b[p - 1] & 0xFF) != 0xFF) {
                b[p] = (byte) (v ^ 0x55);
            }
        }
        return b;
    }

    private static ImageDecodeException failure(ImageDecoder decoder, byte[] bytes) {
        ImageDecodeException e = catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode(bytes));
        assertThat(e).as("expected an ImageDecodeException").isNotNull();
        return e;
    }

    private static int indexOfMarker(byte[] jpg, int marker) {
        for (int i = 2; i + 1 < jpg.length; i++) {
            if ((jpg[i] & 0xFF) == 0xFF && (jpg[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        throw new IllegalArgumentException("marker not found");
    }
}
