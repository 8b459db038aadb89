package io.clipstream.model.image;

import java.util.Arrays;
import java.util.Random;

/**
 * Old ({@link ReferenceBicubicResampler}) vs new ({@link BicubicResampler#resizeCroppedInto}) ms per resize on the
 * pipeline's shapes, interleaved in one JVM so that a noisy machine affects both alike. A main, not a test:
 * <pre>
 * ./mvnw -q -o -pl model-runtime -am test-compile
 * java -cp model-runtime/target/classes:model-runtime/target/test-classes \
 *     io.clipstream.model.image.BicubicResamplerBenchmark [rounds]
 * </pre>
 * Prints the median over rounds of each side's mean over a batch, and new/old as a speed-up.
 */
public final class BicubicResamplerBenchmark {

    private record Shape(String name, int inW, int inH, int outW, int outH, int cropX, int cropY, int cropW,
                         int cropH) {
    }

    private static final Shape[] SHAPES = {
        new Shape("CLIP 640x480 -> 298x224 window 224", 640, 480, 298, 224, 37, 0, 224, 224),
        new Shape("SigLIP 640x480 -> 224x224 squash", 640, 480, 224, 224, 0, 0, 224, 224),
        new Shape("CLIP 1000x750 -> 298x224 window 224", 1000, 750, 298, 224, 37, 0, 224, 224),
        new Shape("CLIP 2000x1500 -> 298x224 window 224", 2000, 1500, 298, 224, 37, 0, 224, 224),
    };

    private BicubicResamplerBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        ReferenceBicubicResampler old = new ReferenceBicubicResampler();
        BicubicResampler neu = new BicubicResampler();
        Random random = new Random(42);
        RgbImage[] sources = new RgbImage[SHAPES.length];
        byte[][] dst = new byte[SHAPES.length][];
        int[] batch = new int[SHAPES.length];
        for (int s = 0; s < SHAPES.length; s++) {
            Shape shape = SHAPES[s];
            sources[s] = BicubicResamplerEquivalenceTest.randomImage(random, shape.inW, shape.inH);
            dst[s] = new byte[shape.cropW * shape.cropH * 3];
            batch[s] = Math.max(4, (int) (40_000_000L / ((long) shape.inW * shape.inH * 3)));
        }
        double[][] oldMs = new double[SHAPES.length][rounds];
        double[][] newMs = new double[SHAPES.length][rounds];
        long sink = 0;
        for (int warm = 0; warm < 3; warm++) {
            for (int s = 0; s < SHAPES.length; s++) {
                sink += runOld(old, SHAPES[s], sources[s], batch[s]);
                sink += runNew(neu, SHAPES[s], sources[s], dst[s], batch[s]);
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < SHAPES.length; i++) {
                int s = i;
                // alternate which side goes first, so drifting load is shared
                if ((r & 1) == 0) {
                    oldMs[s][r] = time(() -> runOld(old, SHAPES[s], sources[s], batch[s]), batch[s]);
                    newMs[s][r] = time(() -> runNew(neu, SHAPES[s], sources[s], dst[s], batch[s]), batch[s]);
                } else {
                    newMs[s][r] = time(() -> runNew(neu, SHAPES[s], sources[s], dst[s], batch[s]), batch[s]);
                    oldMs[s][r] = time(() -> runOld(old, SHAPES[s], sources[s], batch[s]), batch[s]);
                }
            }
        }
        System.out.printf("%-40s %10s %10s %8s%n", "shape", "old ms", "new ms", "speed-up");
        for (int s = 0; s < SHAPES.length; s++) {
            double o = median(oldMs[s]);
            double n = median(newMs[s]);
            System.out.printf("%-40s %10.3f %10.3f %7.2fx%n", SHAPES[s].name, o, n, o / n);
        }
        System.out.println("(checksum " + sink + ")");
    }

    private interface Batch {
        long run();
    }

    private static double time(Batch b, int n) {
        long t0 = System.nanoTime();
        long v = b.run();
        long t = System.nanoTime() - t0;
        if (v == Long.MIN_VALUE) {
            System.out.print("");
        }
        return t / 1e6 / n;
    }

    private static long runOld(ReferenceBicubicResampler r, Shape s, RgbImage src, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += r.resizeCropped(src, s.outW, s.outH, s.cropX, s.cropY, s.cropW, s.cropH).rgb()[i & 127];
        }
        return sum;
    }

    private static long runNew(BicubicResampler r, Shape s, RgbImage src, byte[] dst, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            r.resizeCroppedInto(src, s.outW, s.outH, s.cropX, s.cropY, s.cropW, s.cropH, dst, 0);
            sum += dst[i & 127];
        }
        return sum;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
