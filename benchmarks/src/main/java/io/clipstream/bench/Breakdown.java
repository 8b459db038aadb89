package io.clipstream.bench;

import org.HdrHistogram.Histogram;

/**
 * Where the time of HTTP searches went: client-observed latency, the API's own encode and search timings, and
 * the rest, HTTP overhead = client latency - encode - search. One per client thread (not thread-safe), merged.
 */
final class Breakdown {

    final Histogram client = Percentiles.newHistogram();
    final Histogram encode = Percentiles.newHistogram();
    final Histogram search = Percentiles.newHistogram();
    final Histogram overhead = Percentiles.newHistogram();
    private double clientSum;
    private double encodeSum;
    private double searchSum;
    private double overheadSum;

    void record(long clientNanos, double encodeMs, double searchMs) {
        double clientMs = clientNanos / 1e6;
        double overheadMs = clientMs - encodeMs - searchMs;
        client.recordValue(Percentiles.micros(clientMs));
        encode.recordValue(Percentiles.micros(encodeMs));
        search.recordValue(Percentiles.micros(searchMs));
        overhead.recordValue(Percentiles.micros(overheadMs));
        clientSum += clientMs;
        encodeSum += encodeMs;
        searchSum += searchMs;
        overheadSum += overheadMs;
    }

    void add(Breakdown other) {
        client.add(other.client);
        encode.add(other.encode);
        search.add(other.search);
        overhead.add(other.overhead);
        clientSum += other.clientSum;
        encodeSum += other.encodeSum;
        searchSum += other.searchSum;
        overheadSum += other.overheadSum;
    }

    long count() {
        return client.getTotalCount();
    }

    Percentiles clientStats() {
        return Percentiles.of(client, mean(clientSum));
    }

    Percentiles encodeStats() {
        return Percentiles.of(encode, mean(encodeSum));
    }

    Percentiles searchStats() {
        return Percentiles.of(search, mean(searchSum));
    }

    Percentiles overheadStats() {
        return Percentiles.of(overhead, mean(overheadSum));
    }

    /** mean(overhead) / mean(encode + search): the target is at most 0.15. */
    double overheadRatio() {
        return encodeSum + searchSum == 0 ? Double.NaN : overheadSum / (encodeSum + searchSum);
    }

    private double mean(double sum) {
        return count() == 0 ? 0 : sum / count();
    }
}
