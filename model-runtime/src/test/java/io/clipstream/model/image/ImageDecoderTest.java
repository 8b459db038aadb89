package io.clipstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.clipstream.model.image.ImageDecodeException.Reason;

/**
 * Decoding against Pillow's references (see make_fixtures.py).
 *
 * <p>Tolerances, per fixture kind, and why:
 * <ul>
 *   <li>PNG, GIF, BMP, WebP lossless: bit-exact (lossless formats; our conversions replicate Pillow's).</li>
 *   <li>JPEG (baseline, progressive, 4:2:0, 4:4:4, gray, CMYK): asserted within mean |diff| < 0.5 and max |diff|
 *       <= 3 per channel, the slack an IDCT/upsampling difference between libjpeg builds could need. Observed:
 *       bit-exact. Every 1- and 3-component JPEG here takes the libjpeg-turbo fast path, Pillow's own codec (the
 *       tests assert it ran); CMYK takes ImageIO, where the JDK's libjpeg 6b shares the ISLOW IDCT with
 *       libjpeg-turbo and we do the colour conversion ourselves from the raw raster.
 *       {@link #jpegIsBitExactToday} pins that down so a codec change is noticed.</li>
 *   <li>WebP lossy: TwelveMonkeys' pure-Java VP8 decoder differs from libwebp (nearest-neighbour chroma instead
 *       of libwebp's "fancy" upsampling, another YUV-to-RGB rounding): observed mean |diff| 2.5, max 50 on a
 *       smooth 160x120 image; asserted mean < 4, max <= 64.</li>
 * </ul>
 */
class ImageDecoderTest {

    private static final ImageDecoder DECODER = new ImageDecoder(DecodeLimits.defaults());

    static Stream<String> exactFixtures() {
        return Fixtures.fixtures("exact").stream().map(f -> f.get("file").asText());
    }

    static Stream<String> jpegFixtures() {
        return Stream.concat(Fixtures.fixtures("jpeg").stream(), Fixtures.fixtures("cmyk-jpeg").stream())
                .map(f -> f.get("file").asText());
    }

    static Stream<String> orientedFixtures() {
        return Fixtures.fixtures(null).stream().filter(f -> f.has("orientation")).map(f -> f.get("file").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactFixtures")
    void losslessFormatsDecodeExactlyLikePillow(String file) throws Exception {
        JsonNode f = Fixtures.fixture(file);
        RgbImage img = DECODER.decode(Fixtures.source(file));
        assertThat(img.width()).as("width").isEqualTo(f.get("width").asInt());
        assertThat(img.height()).as("height").isEqualTo(f.get("height").asInt());
        String sha = Fixtures.sha256(img.rgb());
        if (!sha.equals(f.get("rgbSha256").asText())) {
            // Say how far off we are before failing.
            assertThat(Fixtures.diff(img, Fixtures.reference(f)).toString()).as(file + " vs Pillow").isEqualTo("exact");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jpegFixtures")
    void jpegMatchesPillowWithinTolerance(String file) throws Exception {
        JsonNode f = Fixtures.fixture(file);
        DecodedImage decoded = DECODER.decode(Fixtures.source(file), 0);
        assertThat(decoded.decoder()).as(file).isEqualTo(f.get("kind").asText().equals("cmyk-jpeg")
                ? DecodedImage.Decoder.IMAGE_IO : DecodedImage.Decoder.LIBJPEG_TURBO);
        RgbImage img = decoded.image();
        RgbImage ref = Fixtures.reference(f);
        assertThat(img.width()).isEqualTo(ref.width());
        assertThat(img.height()).isEqualTo(ref.height());
        Fixtures.Diff d = Fixtures.diff(img, ref);
        assertThat(d.meanAbs()).as("%s: %s", file, d).isLessThan(0.5);
        assertThat(d.maxAbs()).as("%s: %s", file, d).isLessThanOrEqualTo(3);
    }

    @Test
    void jpegIsBitExactToday() throws Exception {
        for (String file : List.of("photo_640x480.jpg", "photo_640x480_progressive.jpg", "photo_300x500.jpg",
                "gray.jpg", "cmyk.jpg", "rgb_keep.jpg")) {
            DecodedImage decoded = DECODER.decode(Fixtures.source(file), 0);
            assertThat(decoded.decoder()).as(file).isEqualTo(file.equals("cmyk.jpg")
                    ? DecodedImage.Decoder.IMAGE_IO : DecodedImage.Decoder.LIBJPEG_TURBO);
            RgbImage img = decoded.image();
            assertThat(Fixtures.sha256(img.rgb())).as(file + ": %s", Fixtures.diff(img, Fixtures.reference(Fixtures.fixture(file))))
                    .isEqualTo(Fixtures.fixture(file).get("rgbSha256").asText());
        }
    }

    @Test
    void cmykJpegHasPlausibleColours() throws Exception {
        // Independent of the reference file: a CMYK decode that ignored inversion or K would be far off.
        RgbImage img = DECODER.decode(Fixtures.source("cmyk.jpg"));
        RgbImage ref = Fixtures.reference(Fixtures.fixture("cmyk.jpg"));
        Fixtures.Diff d = Fixtures.diff(img, ref);
        assertThat(d.meanAbs()).as(d.toString()).isLessThan(0.5);
        assertThat(d.maxAbs()).as(d.toString()).isLessThanOrEqualTo(3);
        // The generator built the CMYK from an RGB photo: colours must resemble a photo, not an inverted one.
        long sum = 0;
        for (byte b : img.rgb()) {
            sum += b & 0xFF;
        }
        assertThat(sum / (double) img.rgb().length).isBetween(60.0, 200.0);
    }

    @Test
    void webpLossyIsCloseToLibwebp() throws Exception {
        RgbImage img = DECODER.decode(Fixtures.source("lossy.webp"));
        Fixtures.Diff d = Fixtures.diff(img, Fixtures.reference(Fixtures.fixture("lossy.webp")));
        assertThat(d.meanAbs()).as(d.toString()).isLessThan(4.0);
        assertThat(d.maxAbs()).as(d.toString()).isLessThanOrEqualTo(64);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orientedFixtures")
    void exifOrientationGivesTheUprightImage(String file) throws Exception {
        JsonNode f = Fixtures.fixture(file);
        int orientation = f.get("orientation").asInt();
        DecodedImage decoded = DECODER.decode(Fixtures.source(file), 0);
        if (file.endsWith(".jpg")) {
            assertThat(decoded.decoder()).as(file).isEqualTo(DecodedImage.Decoder.LIBJPEG_TURBO);
        }
        RgbImage img = decoded.image();
        boolean swapped = orientation >= 5;
        // The stored image is 96x64 for every orientation fixture.
        assertThat(img.width()).isEqualTo(swapped ? 64 : 96);
        assertThat(img.height()).isEqualTo(swapped ? 96 : 64);
        Fixtures.Diff d = Fixtures.diff(img, Fixtures.reference(f));
        assertThat(d.maxAbs()).as("%s vs Pillow exif_transpose: %s", file, d).isZero();
    }

    @Test
    void orientationOneIsUntouched() throws Exception {
        RgbImage img = DECODER.decode(Fixtures.source("exif_orientation_1.jpg"));
        assertThat(img.width()).isEqualTo(96);
        assertThat(Fixtures.sha256(img.rgb())).isEqualTo(Fixtures.fixture("exif_orientation_1.jpg").get("rgbSha256").asText());
    }

    @Test
    void alphaIsDroppedKeepingStoredColoursLikePillowConvertRgb() throws Exception {
        // rgba.png has alpha 0 in its 16 leftmost columns over non-black colour: Pillow's convert("RGB") keeps it.
        RgbImage img = DECODER.decode(Fixtures.source("rgba.png"));
        RgbImage ref = Fixtures.reference(Fixtures.fixture("rgba.png"));
        assertThat(img).isEqualTo(ref);
        int nonBlack = 0;
        for (int y = 0; y < img.height(); y++) {
            if (img.sample(3, y, 0) + img.sample(3, y, 1) + img.sample(3, y, 2) > 0) {
                nonBlack++;
            }
        }
        assertThat(nonBlack).as("colour kept under alpha 0").isGreaterThan(img.height() / 2);
    }

    @Test
    void grayBecomesEqualChannels() throws Exception {
        RgbImage img = DECODER.decode(Fixtures.source("gray.png"));
        byte[] rgb = img.rgb();
        for (int i = 0; i < rgb.length; i += 3) {
            assertThat(rgb[i + 1]).isEqualTo(rgb[i]);
            assertThat(rgb[i + 2]).isEqualTo(rgb[i]);
        }
    }

    @Test
    void sixteenBitGrayIsClampedLikePillowI16ToRgb() throws Exception {
        // gray16.png holds (i * 7) % 1024 at pixel i: Pillow clips values above 255 to white.
        RgbImage img = DECODER.decode(Fixtures.source("gray16.png"));
        for (int i = 0; i < img.width() * img.height(); i++) {
            int expected = Math.min(i * 7 % 1024, 255);
            assertThat(img.rgb()[i * 3] & 0xFF).as("pixel %d", i).isEqualTo(expected);
        }
    }

    @Test
    void gifUsesTheFirstFrame() throws Exception {
        JsonNode f = Fixtures.fixture("two_frames.gif");
        RgbImage img = DECODER.decode(Fixtures.source("two_frames.gif"));
        String sha = Fixtures.sha256(img.rgb());
        assertThat(sha).isEqualTo(f.get("rgbSha256").asText()).isNotEqualTo(f.get("secondFrameSha256").asText());
    }

    @Test
    void gifFrameIsPlacedOnItsLogicalScreenLikePillow() throws Exception {
        RgbImage img = DECODER.decode(Fixtures.source("gif_offset_frame.gif"));
        assertThat(img.width()).isEqualTo(80);
        assertThat(img.height()).isEqualTo(60);
        assertThat(img).isEqualTo(Fixtures.reference(Fixtures.fixture("gif_offset_frame.gif")));
        RgbImage grown = DECODER.decode(Fixtures.source("gif_frame_outside_screen.gif"));
        assertThat(grown.width()).isEqualTo(72);
        assertThat(grown.height()).isEqualTo(52);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFixtures")
    void badInputsAreRefusedWithTheRightReason(String file, Reason reason) {
        ImageDecodeException e = catchThrowableOfType(ImageDecodeException.class,
                () -> new ImageDecoder(new DecodeLimits(DecodeLimits.DEFAULT_MAX_BYTES, 10_000_000))
                        .decode(Fixtures.source(file)));
        assertThat(e).as(file).isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> badFixtures() {
        return Fixtures.fixtures("bad").stream().map(f -> org.junit.jupiter.params.provider.Arguments.of(
                f.get("file").asText(), Reason.valueOf(f.get("reason").asText())));
    }

    @Test
    void messagesAreSpecific() {
        assertThat(failure(DECODER, new byte[0])).hasMessage("image is empty (0 bytes)");
        assertThat(failure(DECODER, Fixtures.source("not_an_image.jpg")).getMessage())
                .startsWith("unrecognised image format (first bytes: 54 68 69 73 20 69 73 20)");
        assertThat(failure(DECODER, Fixtures.source("truncated.jpg")).getMessage())
                .startsWith("JPEG data is corrupt or truncated: ").containsIgnoringCase("premature end");
        assertThat(failure(DECODER, Fixtures.source("truncated.png")).getMessage())
                .startsWith("PNG data is corrupt or truncated: ");
        ImageDecoder small = new ImageDecoder(new DecodeLimits(1000, 1_000_000));
        assertThat(failure(small, Fixtures.source("photo_640x480.jpg")))
                .hasMessage("image is " + Fixtures.source("photo_640x480.jpg").length + " bytes, limit is 1000 bytes")
                .extracting(ImageDecodeException::reason).isEqualTo(Reason.TOO_LARGE);
        ImageDecoder fewPixels = new ImageDecoder(new DecodeLimits(DecodeLimits.DEFAULT_MAX_BYTES, 1_000_000));
        assertThat(failure(fewPixels, Fixtures.source("huge_4000x4000.png")))
                .hasMessage("image is 4000x4000 = 16000000 pixels, limit is 1000000")
                .extracting(ImageDecodeException::reason).isEqualTo(Reason.TOO_MANY_PIXELS);
    }

    @Test
    void pixelLimitIsCheckedBeforeThePixelsAreAllocated() {
        ImageDecoder limited = new ImageDecoder(new DecodeLimits(DecodeLimits.DEFAULT_MAX_BYTES, 1_000_000));
        byte[] huge = Fixtures.source("huge_4000x4000.png");
        failure(limited, huge); // warm up class loading and reader discovery
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        ImageDecodeException e = failure(limited, huge);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
        // Decoding would need 16 MB for the RGB result alone (plus the 1-bit raster); the header check needs ~nothing.
        assertThat(allocated).as("bytes allocated while refusing").isLessThan(2_000_000);
    }

    @Test
    void headerOnlyBombsAreRefusedByPixelCountNotByDecodingThem() {
        // PNG declaring 100000 x 100000 with a few bytes of IDAT: decoding it would need 30 GB.
        byte[] png = pngHeaderOnly(100_000, 100_000);
        ImageDecodeException e = failure(DECODER, png);
        assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
        assertThat(e).hasMessage("image is 100000x100000 = 10000000000 pixels, limit is 40000000");

        // A real JPEG whose SOF0 claims 65000 x 65000.
        byte[] jpg = Fixtures.source("photo_640x480.jpg").clone();
        int sof = indexOfMarker(jpg, 0xC0);
        jpg[sof + 5] = (byte) 0xFD; // height 65000 = 0xFDE8
        jpg[sof + 6] = (byte) 0xE8;
        jpg[sof + 7] = (byte) 0xFD;
        jpg[sof + 8] = (byte) 0xE8;
        assertThat(DECODER.jpegRoute(jpg)).as("refused by the fast path's own check").isEqualTo(JpegRoute.FAST_PATH);
        ImageDecodeException je = failure(DECODER, jpg);
        assertThat(je.reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
        assertThat(je.getMessage()).startsWith("image is 65000x65000 = 4225000000 pixels");
    }

    @Test
    void defaultLimitsDecodeTheSixteenMegapixelImage() throws Exception {
        RgbImage img = DECODER.decode(Fixtures.source("huge_4000x4000.png"));
        assertThat(img.width()).isEqualTo(4000);
        assertThat(img.rgb()[img.rgb().length - 1]).isZero();
    }

    @Test
    void jpegWithoutEoiIsTruncatedLikePillowSaysButStrayBytesAreFine() throws Exception {
        byte[] jpg = Fixtures.source("photo_640x480.jpg");
        byte[] noEoi = java.util.Arrays.copyOf(jpg, jpg.length - 2);
        assertThat(DECODER.jpegRoute(noEoi)).isEqualTo(JpegRoute.INCOMPLETE);
        assertThat(failure(DECODER, noEoi).reason()).isEqualTo(Reason.CORRUPT);

        // libjpeg warns "2 extraneous bytes before marker 0xd9"; Pillow decodes the image normally.
        byte[] stray = new byte[jpg.length + 2];
        System.arraycopy(jpg, 0, stray, 0, jpg.length - 2);
        stray[jpg.length] = (byte) 0xFF;
        stray[jpg.length + 1] = (byte) 0xD9;
        DecodedImage decoded = DECODER.decode(stray, 0);
        assertThat(decoded.decoder()).isEqualTo(DecodedImage.Decoder.LIBJPEG_TURBO);
        RgbImage img = decoded.image();
        assertThat(Fixtures.sha256(img.rgb())).isEqualTo(Fixtures.fixture("photo_640x480.jpg").get("rgbSha256").asText());
    }

    @Test
    void unsupportedJpegComponentCountIsReported() {
        byte[] jpg = Fixtures.source("photo_640x480.jpg").clone();
        int sof = indexOfMarker(jpg, 0xC0);
        jpg[sof + 9] = 2; // two components
        ImageDecodeException e = failure(DECODER, jpg);
        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT);
        assertThat(e).hasMessage("JPEG with 2 colour components is not supported (expected 1, 3 or 4)");
    }

    @Test
    void twelveMonkeysReadersAreTheOnesUsed() {
        assertThat(DECODER.readerProviderClass(ImageFormat.JPEG)).startsWith("com.twelvemonkeys.imageio.plugins.jpeg.");
        assertThat(DECODER.readerProviderClass(ImageFormat.WEBP)).startsWith("com.twelvemonkeys.imageio.plugins.webp.");
        assertThat(DECODER.readerProviderClass(ImageFormat.PNG)).startsWith("com.sun.imageio.plugins.png.");
    }

    /**
     * Mutated and truncated files of every format: the decoder may succeed or throw ImageDecodeException, but no
     * codec exception (IndexOutOfBounds, NegativeArraySize, ...) may escape unchecked.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void damagedInputNeverEscapesAsAnUncheckedException() {
        Random random = new Random(20240601L);
        List<String> sources = List.of("photo_640x480.jpg", "photo_640x480_progressive.jpg", "cmyk.jpg", "rgba.png",
                "palette.png", "two_frames.gif", "lossy.webp", "lossless.webp", "lossless_alpha.webp", "photo.bmp",
                "palette.bmp");
        int refused = 0;
        int decoded = 0;
        for (String file : sources) {
            byte[] original = Fixtures.source(file);
            for (int i = 0; i < 30; i++) {
                byte[] damaged = original.clone();
                if (i % 3 == 0) {
                    damaged = java.util.Arrays.copyOf(original, 16 + random.nextInt(original.length - 16));
                } else {
                    int flips = 1 + random.nextInt(8);
                    for (int k = 0; k < flips; k++) {
                        int pos = 12 + random.nextInt(damaged.length - 12); // keep the magic so the codec runs
                        damaged[pos] = (byte) random.nextInt(256);
                    }
                }
                byte[] input = damaged;
                try {
                    RgbImage img = DECODER.decode(input);
                    assertThat(img.rgb()).hasSize(img.width() * img.height() * 3);
                    decoded++;
                } catch (ImageDecodeException e) {
                    assertThat(e.getMessage()).isNotBlank();
                    refused++;
                } catch (RuntimeException e) {
                    throw new AssertionError(file + " mutation " + i + " escaped as " + e, e);
                }
            }
        }
        assertThat(refused).as("some damage must be detected").isGreaterThan(sources.size());
        assertThat(decoded + refused).isEqualTo(sources.size() * 30);
    }

    @Test
    void decoderIsSafeToShareBetweenThreads() throws Exception {
        List<String> files = List.of("photo_640x480.jpg", "cmyk.jpg", "rgba.png", "two_frames.gif", "lossless.webp",
                "photo.bmp", "exif_orientation_6.jpg", "gray16.png");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                for (String file : files) {
                    results.add(pool.submit(() -> Fixtures.sha256(DECODER.decode(Fixtures.source(file)).rgb())
                            .equals(Fixtures.fixture(file).get("rgbSha256").asText())));
                }
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
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

    /** Signature, IHDR (8-bit RGB, given size) with a valid CRC, a tiny IDAT and IEND. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 14 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(b, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(b, "IDAT", new byte[] {0x78, (byte) 0x9C});
        chunk(b, "IEND", new byte[0]);
        return b.array();
    }

    private static void chunk(ByteBuffer b, String type, byte[] data) {
        b.putInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt((int) crc.getValue());
    }

    @Test
    void everyDecodableFixtureIsCoveredByATest() {
        // Guards the manifest-driven tests against silently skipping a new fixture kind.
        for (JsonNode f : Fixtures.fixtures(null)) {
            assertThat(f.get("kind").asText()).isIn("exact", "jpeg", "cmyk-jpeg", "webp-lossy", "bad");
        }
        assertThatCode(() -> Fixtures.fixtures("exact").forEach(Fixtures::reference)).doesNotThrowAnyException();
    }
}
