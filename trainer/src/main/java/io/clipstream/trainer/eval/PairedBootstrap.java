package io.clipstream.trainer.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A one-sided confidence bound for the mean per-query gain of one ranking over another on the same queries:
 * resample the queries with replacement, take the mean gain of each resample, read off the quantile. A fixed seed
 * keeps the gate's decision reproducible.
 */
public final class PairedBootstrap {

    static final int RESAMPLES = 2000;
    private static final long SEED = 0x5EEDL;

    private PairedBootstrap() {
    }

    /** The value the mean of {@code after - before} exceeds with probability {@code confidence}; NaN if empty. */
    public static double lowerBound(double[] before, double[] after, double confidence) {
        int n = before.length;
        if (n != after.length) {
            throw new IllegalArgumentException("before and after must be paired");
        }
        if (n == 0) {
            return Double.NaN;
        }
        double[] gains = new double[n];
        for (int i = 0; i < n; i++) {
            gains[i] = after[i] - before[i];
        }
        SplittableRandom random = new SplittableRandom(SEED);
        double[] means = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += gains[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        int index = (int) Math.floor((1 - confidence) * RESAMPLES);
        return means[Math.max(0, Math.min(RESAMPLES - 1, index))];
    }
}
