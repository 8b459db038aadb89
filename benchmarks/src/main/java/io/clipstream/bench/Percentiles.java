package io.clipstream.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Milliseconds at p50, p95, p99, with the mean and the sample count. */
record Percentiles(double p50, double p95, double p99, double mean, long count) {

    /** Histograms of the benchmarks record microseconds, 3 significant digits. */
    static Histogram newHistogram() {
        Histogram h = new Histogram(3);
        h.setAutoResize(true);
        return h;
    }

    static long micros(double millis) {
        return Math.max(0, Math.round(millis * 1000));
    }

    /** {@code meanMs} comes from exact sums, not from the histogram's buckets. */
    static Percentiles of(Histogram micros, double meanMs) {
        return new Percentiles(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)), round(meanMs), micros.getTotalCount());
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50_ms", p50);
        m.put("p95_ms", p95);
        m.put("p99_ms", p99);
        m.put("mean_ms", mean);
        m.put("count", count);
        return m;
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
