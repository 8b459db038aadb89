package io.clipstream.bench;

import io.clipstream.testing.QuarkusApp;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query API's Prometheus counters a benchmark level is judged by, read before and after the level: the
 * query-embedding cache's hits and misses, and the server's own time for GET /v1/search.
 */
record AppMetrics(double cacheHits, double cacheMisses, double serverCount, double serverSeconds) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}\\s+(\\S+)");

    static AppMetrics scrape(QuarkusApp app) {
        var response = app.get("/q/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/q/metrics answered " + response.statusCode());
        }
        return parse(response.body());
    }

    /** Reads the counters from Prometheus text; absent ones are 0. */
    static AppMetrics parse(String prometheus) {
        double hits = 0;
        double misses = 0;
        double count = 0;
        double seconds = 0;
        for (String line : prometheus.lines().toList()) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.find()) {
                continue;
            }
            String name = m.group(1);
            String labels = m.group(2);
            double value = Double.parseDouble(m.group(3));
            if (name.equals("cache_gets_total") && labels.contains("cache=\"query-text-embeddings\"")) {
                if (labels.contains("result=\"hit\"")) {
                    hits += value;
                } else if (labels.contains("result=\"miss\"")) {
                    misses += value;
                }
            } else if (labels.contains("uri=\"/v1/search\"") && labels.contains("method=\"GET\"")) {
                if (name.equals("http_server_requests_seconds_count")) {
                    count += value;
                } else if (name.equals("http_server_requests_seconds_sum")) {
                    seconds += value;
                }
            }
        }
        return new AppMetrics(hits, misses, count, seconds);
    }

    /** Hits over lookups between {@code before} and this scrape; NaN when there were none. */
    double hitRateSince(AppMetrics before) {
        double h = cacheHits - before.cacheHits;
        double lookups = h + cacheMisses - before.cacheMisses;
        return lookups == 0 ? Double.NaN : h / lookups;
    }

    /** Mean milliseconds the server itself saw per GET /v1/search between {@code before} and this scrape. */
    double serverMeanMsSince(AppMetrics before) {
        double n = serverCount - before.serverCount;
        return n == 0 ? Double.NaN : (serverSeconds - before.serverSeconds) * 1000 / n;
    }
}
