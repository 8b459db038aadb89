package io.clipstream.model.image;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Pillow's fixed-point bicubic taps for a window [{@code first}, {@code first + count}) of output coordinates of
 * one axis. {@code start[i]} is the first source index of output {@code first + i}, {@code taps[i]} how many are
 * used, and {@code weights[i * kernelSize + t]} their weights. Instances are immutable (the arrays are never
 * written after construction) and shared through a small cache, because the same source size and model target
 * repeat for almost every image.
 */
final class BicubicCoefficients {

    static final int PRECISION_BITS = 32 - 8 - 2;
    static final int ROUNDING = 1 << (PRECISION_BITS - 1);
    private static final double SUPPORT = 2.0;
    /** Beyond this many distinct (size, window) keys the cache is dropped and refilled: bounded, no LRU needed. */
    private static final int CACHE_LIMIT = 128;
    private static final ConcurrentHashMap<Key, BicubicCoefficients> CACHE = new ConcurrentHashMap<>();

    private record Key(int inSize, int outSize, int first, int count) {
    }

    final int[] start;
    final int[] taps;
    final int[] weights;
    final int kernelSize;
    /** Lowest source index any output reads, and one past the highest. */
    final int firstSource;
    final int endSource;

    private BicubicCoefficients(int[] start, int[] taps, int[] weights, int kernelSize) {
        this.start = start;
        this.taps = taps;
        this.weights = weights;
        this.kernelSize = kernelSize;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int i = 0; i < start.length; i++) {
            min = Math.min(min, start[i]);
            max = Math.max(max, start[i] + taps[i]);
        }
        this.firstSource = min;
        this.endSource = max;
    }

    /** Cached {@link #compute}. */
    static BicubicCoefficients of(int inSize, int outSize, int first, int count) {
        Key key = new Key(inSize, outSize, first, count);
        BicubicCoefficients c = CACHE.get(key);
        if (c == null) {
            c = compute(inSize, outSize, first, count);
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CACHE.put(key, c);
        }
        return c;
    }

    /** Literal port of Pillow's precompute_coeffs + normalize_coeffs_8bpc, restricted to the window. */
    static BicubicCoefficients compute(int inSize, int outSize, int first, int count) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = SUPPORT * filterScale;
        int kernelSize = (int) Math.ceil(support) * 2 + 1;
        int[] start = new int[count];
        int[] taps = new int[count];
        int[] weights = new int[count * kernelSize];
        double[] w = new double[kernelSize];
        double ss = 1.0 / filterScale;
        for (int i = 0; i < count; i++) {
            int xx = first + i;
            double center = (xx + 0.5) * scale;
            // (int) truncates toward zero, as the C cast does; negative values are clamped right after.
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double v = bicubic((x + xmin - center + 0.5) * ss);
                w[x] = v;
                ww += v;
            }
            for (int x = 0; x < xmax; x++) {
                double k = ww != 0.0 ? w[x] / ww : w[x];
                // normalize_coeffs_8bpc: round half away from zero, then truncate
                weights[i * kernelSize + x] = k < 0
                        ? (int) (-0.5 + k * (1 << PRECISION_BITS))
                        : (int) (0.5 + k * (1 << PRECISION_BITS));
            }
            start[i] = xmin;
            taps[i] = xmax;
        }
        return new BicubicCoefficients(start, taps, weights, kernelSize);
    }

    /** Pillow's bicubic_filter with a = -0.5. */
    static double bicubic(double x) {
        final double a = -0.5;
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    int count() {
        return start.length;
    }

    int sourceSpan() {
        return endSource - firstSource;
    }

    /** Arithmetic shift then clip to 0..255, as Pillow's clip8 lookup does. */
    static int clip8(int v) {
        return Math.min(Math.max(v >> PRECISION_BITS, 0), 255);
    }
}
