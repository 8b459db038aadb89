package io.clipstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * The optimised {@link BicubicResampler} against {@link ReferenceBicubicResampler} (the pre-optimisation code, itself
 * bit-exact with Pillow): exact equality over random sources, sizes, windows and contents, both pass orders.
 */
class BicubicResamplerEquivalenceTest {

    private static final long SEED = 0x5eed_b1c0b1cL;

    private final BicubicResampler resampler = new BicubicResampler();
    private final ReferenceBicubicResampler reference = new ReferenceBicubicResampler();

    /** One random case: a source, a target size and a window inside it. */
    record Case(RgbImage src, int outW, int outH, int cropX, int cropY, int cropW, int cropH) {
        @Override
        public String toString() {
            return src + " -> " + outW + "x" + outH + " window " + cropW + "x" + cropH + " at (" + cropX + ","
                    + cropY + ")";
        }
    }

    @Test
    void equalsTheReferenceOnRandomCases() {
        Random random = new Random(SEED);
        int horizontalFirst = 0;
        int verticalFirst = 0;
        int windows = 0;
        for (int i = 0; i < 400; i++) {
            Case c = randomCase(random);
            assertSame(c);
            boolean bothPasses = c.src.width() != c.outW && c.src.height() != c.outH;
            if (bothPasses && BicubicResampler.horizontalFirst(c.src.width(), c.src.height(), c.outW, c.outH)) {
                horizontalFirst++;
            } else if (bothPasses) {
                verticalFirst++;
            }
            if (c.cropW != c.outW || c.cropH != c.outH) {
                windows++;
            }
        }
        assertThat(horizontalFirst).as("horizontal-first cases").isGreaterThan(50);
        assertThat(verticalFirst).as("vertical-first cases").isGreaterThan(50);
        assertThat(windows).as("cases with a window").isGreaterThan(100);
    }

    @Test
    void equalsTheReferenceOnThePipelineShapes() {
        Random random = new Random(SEED + 1);
        int[][] shapes = {
            {640, 480, 298, 224, 37, 0, 224, 224}, {640, 480, 224, 224, 0, 0, 224, 224},
            {1000, 750, 298, 224, 37, 0, 224, 224}, {480, 640, 224, 298, 0, 37, 224, 224},
            {300, 500, 224, 224, 0, 0, 224, 224}, {2000, 1500, 298, 224, 37, 0, 224, 224},
            {224, 224, 224, 224, 0, 0, 224, 224}, {224, 300, 224, 224, 0, 0, 224, 224},
            {300, 224, 224, 224, 0, 0, 224, 224}, {100, 80, 298, 224, 37, 0, 224, 224},
        };
        for (int[] s : shapes) {
            assertSame(new Case(randomImage(random, s[0], s[1]), s[2], s[3], s[4], s[5], s[6], s[7]));
        }
    }

    @Test
    void intoWritesOnlyTheWindowAtTheOffset() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < 60; i++) {
            Case c = randomCase(random);
            int size = c.cropW * c.cropH * 3;
            int offset = 1 + random.nextInt(97);
            byte[] dst = new byte[offset + size + 1 + random.nextInt(50)];
            Arrays.fill(dst, (byte) 0x5A);
            resampler.resizeCroppedInto(c.src, c.outW, c.outH, c.cropX, c.cropY, c.cropW, c.cropH, dst, offset);
            byte[] expected = reference.resizeCropped(c.src, c.outW, c.outH, c.cropX, c.cropY, c.cropW, c.cropH)
                    .rgb();
            assertThat(Arrays.copyOfRange(dst, offset, offset + size)).as("%s", c).isEqualTo(expected);
            for (int b = 0; b < dst.length; b++) {
                if (b < offset || b >= offset + size) {
                    assertThat(dst[b]).as("byte %d outside the window of %s", b, c).isEqualTo((byte) 0x5A);
                }
            }
        }
    }

    @Test
    void intoRejectsADestinationTooSmall() {
        RgbImage src = new RgbImage(8, 8, new byte[192]);
        assertThatThrownBy(() -> resampler.resizeCroppedInto(src, 4, 4, 0, 0, 4, 4, new byte[48], 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> resampler.resizeCroppedInto(src, 4, 4, 0, 0, 4, 4, new byte[48], -1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** Per-thread scratch: threads resizing different shapes at once do not disturb each other. */
    @Test
    void concurrentCallsAgree() throws Exception {
        Random random = new Random(SEED + 3);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            cases.add(randomCase(random));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int shift = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < cases.size(); i++) {
                        assertSame(cases.get((i + shift * 7) % cases.size()));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertSame(Case c) {
        RgbImage expected = reference.resizeCropped(c.src, c.outW, c.outH, c.cropX, c.cropY, c.cropW, c.cropH);
        RgbImage actual = resampler.resizeCropped(c.src, c.outW, c.outH, c.cropX, c.cropY, c.cropW, c.cropH);
        if (!actual.equals(expected)) {
            Fixtures.Diff d = Fixtures.diff(actual, expected);
            throw new AssertionError("differs from the reference for " + c + ": " + d);
        }
    }

    /**
     * Mostly small sources (fast), some up to 700 px; targets up- or downscaled per axis, every third case shaped
     * so that Pillow runs the vertical pass first; half the cases a random window.
     */
    static Case randomCase(Random random) {
        int inW = random.nextInt(4) == 0 ? 1 + random.nextInt(700) : 1 + random.nextInt(120);
        int inH = random.nextInt(4) == 0 ? 1 + random.nextInt(700) : 1 + random.nextInt(120);
        int outW = randomTarget(random, inW);
        int outH = randomTarget(random, inH);
        if (random.nextInt(3) == 0 && inH > 2) {
            // height shrinks more than twice as much as the width: vertical pass first
            outH = 1 + random.nextInt(Math.max(1, inH / 3));
            outW = Math.max(1, Math.min(inW + random.nextInt(Math.max(1, (inH - outH) / 2)), 900));
        }
        int cropW = outW;
        int cropH = outH;
        int cropX = 0;
        int cropY = 0;
        if (random.nextBoolean()) {
            cropW = 1 + random.nextInt(outW);
            cropH = 1 + random.nextInt(outH);
            cropX = random.nextInt(outW - cropW + 1);
            cropY = random.nextInt(outH - cropH + 1);
        }
        return new Case(randomImage(random, inW, inH), outW, outH, cropX, cropY, cropW, cropH);
    }

    private static int randomTarget(Random random, int in) {
        return switch (random.nextInt(4)) {
            case 0 -> in;
            case 1 -> 1 + random.nextInt(Math.min(900, 3 * in + 3));
            default -> 1 + random.nextInt(in);
        };
    }

    /** Noise (rounding and clipping), gray-ish (equal channels, small jitter), gradients, or hard black/white edges. */
    static RgbImage randomImage(Random random, int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        int kind = random.nextInt(4);
        for (int y = 0, p = 0; y < h; y++) {
            for (int x = 0; x < w; x++, p += 3) {
                switch (kind) {
                    case 0 -> {
                        rgb[p] = (byte) random.nextInt(256);
                        rgb[p + 1] = (byte) random.nextInt(256);
                        rgb[p + 2] = (byte) random.nextInt(256);
                    }
                    case 1 -> {
                        int g = 96 + random.nextInt(64);
                        rgb[p] = (byte) (g + random.nextInt(3));
                        rgb[p + 1] = (byte) g;
                        rgb[p + 2] = (byte) (g - random.nextInt(3));
                    }
                    case 2 -> {
                        rgb[p] = (byte) (x * 255 / Math.max(1, w - 1));
                        rgb[p + 1] = (byte) (y * 255 / Math.max(1, h - 1));
                        rgb[p + 2] = (byte) ((x + y) & 0xFF);
                    }
                    default -> {
                        byte v = ((x / 3 + y / 2) & 1) == 0 ? 0 : (byte) 255;
                        rgb[p] = v;
                        rgb[p + 1] = v;
                        rgb[p + 2] = (byte) ~v;
                    }
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }
}
