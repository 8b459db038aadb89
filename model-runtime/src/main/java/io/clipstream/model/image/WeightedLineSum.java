package io.clipstream.model.image;

/**
 * The one arithmetic kernel of the resampler: {@code acc[i] = ROUNDING + sum_t lines[first + t * step][i] * w_t}
 * over {@code i} in [{@code from}, {@code to}).
 *
 * <p>Written for C2's auto-vectoriser: every array in the loops is an {@code int[]} indexed by the same {@code i}
 * (C2 does not vectorise byte-to-int widening, and cannot rule out aliasing between two {@code int[]} read at
 * different offsets), and taps are consumed two at a time to halve the accumulator traffic. Integer sums are
 * exact, so the order of accumulation cannot change a result.
 */
final class WeightedLineSum {

    private WeightedLineSum() {
    }

    static void sum(int[][] lines, int first, int step, int taps, int[] weights, int k, int[] acc, int from, int to) {
        final int rounding = BicubicCoefficients.ROUNDING;
        if (taps == 0) {
            for (int i = from; i < to; i++) {
                acc[i] = rounding;
            }
            return;
        }
        int[] a = lines[first];
        int w0 = weights[k];
        if (taps == 1) {
            for (int i = from; i < to; i++) {
                acc[i] = rounding + a[i] * w0;
            }
            return;
        }
        int[] b = lines[first + step];
        int w1 = weights[k + 1];
        for (int i = from; i < to; i++) {
            acc[i] = rounding + a[i] * w0 + b[i] * w1;
        }
        int t = 2;
        for (; t + 1 < taps; t += 2) {
            a = lines[first + t * step];
            b = lines[first + (t + 1) * step];
            w0 = weights[k + t];
            w1 = weights[k + t + 1];
            for (int i = from; i < to; i++) {
                acc[i] += a[i] * w0 + b[i] * w1;
            }
        }
        if (t < taps) {
            a = lines[first + t * step];
            w0 = weights[k + t];
            for (int i = from; i < to; i++) {
                acc[i] += a[i] * w0;
            }
        }
    }
}
