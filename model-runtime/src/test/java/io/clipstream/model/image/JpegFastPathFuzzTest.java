package io.clipstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.clipstream.model.Golden;

/**
 * Hostile JPEGs through the decoder with the libjpeg-turbo fast path on: the bad-input fixtures plus thousands of
 * bit-flipped, overwritten, truncated, spliced and marker-injected variants of valid files (fixed seed), decoded at
 * full and reduced scale. Each call must return a well-formed image or throw {@link ImageDecodeException}; anything
 * else fails here, and a native crash kills the surefire fork, which fails the build.
 */
class JpegFastPathFuzzTest {

    private static final long SEED = 0x5EED_0F_1DC7L;
    private static final int VARIANTS_PER_SOURCE = 750;
    private static final int[] MIN_SHORT_SIDES = {0, 16, 48, 224};

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void damagedJpegsNeverEscapeAsAnythingButImageDecodeException() throws Exception {
        List<byte[]> sources = new ArrayList<>();
        for (String file : List.of("photo_640x480.jpg", "photo_640x480_progressive.jpg", "photo_300x500.jpg",
                "gray.jpg", "rgb_keep.jpg", "exif_orientation_6.jpg", "xmp_orientation_6.jpg")) {
            sources.add(Fixtures.source(file));
        }
        sources.add(dctFixture("landscape_1000x750.jpg"));
        List<byte[]> bad = new ArrayList<>();
        for (String file : List.of("truncated.jpg", "empty.jpg", "not_an_image.jpg")) {
            bad.add(Fixtures.source(file));
        }

        Random random = new Random(SEED);
        Map<DecodedImage.Decoder, Integer> decodedBy = new EnumMap<>(DecodedImage.Decoder.class);
        int refused = 0;
        int total = 0;
        long start = System.nanoTime();
        for (byte[] b : bad) {
            refused += run(b, 0, "bad fixture", decodedBy);
            total++;
        }
        for (int s = 0; s < sources.size(); s++) {
            byte[] original = sources.get(s);
            for (int i = 0; i < VARIANTS_PER_SOURCE; i++) {
                int kind = i % 6;
                byte[] variant = mutate(original, sources.get(random.nextInt(sources.size())), kind, random);
                int minShortSide = MIN_SHORT_SIDES[random.nextInt(MIN_SHORT_SIDES.length)];
                refused += run(variant, minShortSide, "source " + s + " variant " + i + " kind " + kind, decodedBy);
                total++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("JPEG fuzz: %d inputs in %.1f s: %d refused, decoded by %s%n", total, seconds, refused,
                decodedBy);

        assertThat(total).isEqualTo(bad.size() + sources.size() * VARIANTS_PER_SOURCE);
        assertThat(refused).as("truncations at least must be refused").isGreaterThan(total / 10);
        assertThat(decodedBy.getOrDefault(DecodedImage.Decoder.LIBJPEG_TURBO, 0))
                .as("the fast path must really be exercised").isGreaterThan(total / 3);
    }

    /** 1 when refused, 0 when decoded; fails on anything else. */
    private int run(byte[] input, int minShortSide, String what, Map<DecodedImage.Decoder, Integer> decodedBy) {
        try {
            DecodedImage d = decoder.decode(input, minShortSide);
            RgbImage img = d.image();
            assertThat(img.rgb()).as(what).hasSize(img.width() * img.height() * 3);
            assertThat(d.originalWidth()).as(what).isGreaterThanOrEqualTo(img.width());
            assertThat(d.originalHeight()).as(what).isGreaterThanOrEqualTo(img.height());
            decodedBy.merge(d.decoder(), 1, Integer::sum);
            return 0;
        } catch (ImageDecodeException e) {
            assertThat(e.getMessage()).as(what).isNotBlank();
            return 1;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + " escaped as " + e, e);
        }
    }

    private static byte[] mutate(byte[] original, byte[] other, int kind, Random random) {
        byte[] b = original.clone();
        int n = b.length;
        switch (kind) {
            case 0 -> { // bit flips anywhere after SOI
                int flips = 1 + random.nextInt(12);
                for (int k = 0; k < flips; k++) {
                    int pos = 2 + random.nextInt(n - 2);
                    b[pos] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> { // a run of random bytes (headers included: tables, SOF, SOS)
                int pos = 2 + random.nextInt(n - 2);
                int len = Math.min(n - pos, 1 + random.nextInt(32));
                for (int k = 0; k < len; k++) {
                    b[pos + k] = (byte) random.nextInt(256);
                }
            }
            case 2 -> b = Arrays.copyOf(original, 3 + random.nextInt(n - 3)); // truncation
            case 3 -> { // splice: the head of one file, the tail of another
                int cut = 3 + random.nextInt(n - 3);
                int from = random.nextInt(other.length);
                byte[] spliced = Arrays.copyOf(original, cut + other.length - from);
                System.arraycopy(other, from, spliced, cut, other.length - from);
                b = spliced;
            }
            case 4 -> { // injected markers (RST, DHT, SOS, EOI, SOF...) inside the data
                int count = 1 + random.nextInt(4);
                for (int k = 0; k < count; k++) {
                    int pos = 2 + random.nextInt(n - 3);
                    b[pos] = (byte) 0xFF;
                    b[pos + 1] = (byte) (0xC0 + random.nextInt(0x40));
                }
            }
            default -> { // damaged entropy data only, framing intact: libjpeg-turbo's recovery path
                int flips = 1 + random.nextInt(40);
                for (int k = 0; k < flips; k++) {
                    int pos = n / 3 + random.nextInt(n - n / 3 - 2);
                    int v = (b[pos] & 0xFF) ^ (1 + random.nextInt(255));
                    if ((b[pos] & 0xFF) != 0xFF && v != 0xFF && (b[pos - 1] & 0xFF) != 0xFF) {
                        b[pos] = (byte) v;
                    }
                }
            }
        }
        return b;
    }

    private static byte[] dctFixture(String file) {
        try {
            return Files.readAllBytes(Golden.dir().resolve("dct").resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
