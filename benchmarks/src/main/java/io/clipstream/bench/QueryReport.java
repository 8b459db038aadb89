package io.clipstream.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results of one {@link QueryLatency} run, as JSON (a map) and as the Markdown tables of the docs. */
final class QueryReport {

    /** The raw calls, with the load average when they were measured; the first search run is one thread. */
    record Raw(Percentiles textEncoder, List<RawCosts.SearchRun> searches, double loadAverage) {
    }

    /**
     * One concurrency level. {@code serverMeanMs}: the API's own http.server.requests time per search, which
     * splits the overhead into work inside the server and the way there and back.
     */
    record Level(SearchLoad.Result result, double hitRate, double serverMeanMs, double loadAverage) {

        double insideServerExtraMs() {
            Breakdown b = result.breakdown();
            return serverMeanMs - b.encodeStats().mean() - b.searchStats().mean();
        }

        double outsideServerMs() {
            return result.breakdown().clientStats().mean() - serverMeanMs;
        }
    }

    private final String label;
    private final Path model;
    private final int rows;
    private final int k;
    private final int requests;
    private final int distinct;
    private final double zipf;
    private final Map<String, String> appProps;
    Map<String, Object> machine;
    int warmupRequests;
    RawCosts.TextTower tower;
    Raw rawBefore;
    Raw rawAfter;
    /** By cache setting: false = off, true = on. */
    final Map<Boolean, List<Level>> levels = new LinkedHashMap<>();
    /** The no-op endpoint's round trip, by cache setting (one per app start). */
    final Map<Boolean, Percentiles> httpFloor = new LinkedHashMap<>();

    QueryReport(String label, Path model, int rows, int k, int requests, int distinct, double zipf,
                Map<String, String> appProps) {
        this.label = label;
        this.model = model;
        this.rows = rows;
        this.k = k;
        this.requests = requests;
        this.distinct = distinct;
        this.zipf = zipf;
        this.appProps = appProps;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machine", machine);
        m.put("label", label);
        m.put("model", model.toString());
        m.put("dims", tower.dims());
        m.put("mean_prompt_tokens", round(tower.meanTokens()));
        m.put("rows", rows);
        m.put("k", k);
        m.put("warmup_requests_per_app_start", warmupRequests);
        m.put("requests_per_level", requests);
        m.put("app_properties", appProps);
        m.put("cache_on_workload", "zipf s=" + zipf + " over " + distinct + " prompts, cache cleared per level");
        m.put("raw_before", raw(rawBefore));
        m.put("raw_after", raw(rawAfter));
        httpFloor.forEach((cacheOn, p) -> m.put("http_noop_endpoint_" + (cacheOn ? "cache_on" : "cache_off"),
                p.toMap()));
        levels.forEach((cacheOn, list) -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Level l : list) {
                Breakdown b = l.result().breakdown();
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("concurrency", l.result().concurrency());
                e.put("requests", b.count());
                e.put("seconds", round(l.result().seconds()));
                e.put("throughput_per_s", round(l.result().throughput()));
                e.put("client", b.clientStats().toMap());
                e.put("encode", b.encodeStats().toMap());
                e.put("search", b.searchStats().toMap());
                e.put("overhead", b.overheadStats().toMap());
                e.put("overhead_ratio", round(b.overheadRatio()));
                e.put("server_mean_ms", round(l.serverMeanMs()));
                e.put("inside_server_extra_mean_ms", round(l.insideServerExtraMs()));
                e.put("outside_server_mean_ms", round(l.outsideServerMs()));
                e.put("cache_hit_rate", Double.isNaN(l.hitRate()) ? null : round(l.hitRate()));
                e.put("load_average_1m", l.loadAverage());
                out.add(e);
            }
            m.put(cacheOn ? "cache_on" : "cache_off", out);
        });
        return m;
    }

    private static Map<String, Object> raw(Raw r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text_encoder_batch_1", r.textEncoder().toMap());
        List<Map<String, Object>> searches = new ArrayList<>();
        for (RawCosts.SearchRun run : r.searches()) {
            Map<String, Object> e = new LinkedHashMap<>(run.latency().toMap());
            e.put("threads", run.threads());
            e.put("throughput_per_s", round(run.throughput()));
            searches.add(e);
        }
        m.put("store_search", searches);
        m.put("load_average_1m", r.loadAverage());
        return m;
    }

    String markdown() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "#### %s model (%d-d, prompts of %.1f tokens), %d vectors, k = %d%n%n",
                label, tower.dims(), tower.meanTokens(), rows, k));
        if (!appProps.isEmpty()) {
            s.append("Query API started with ").append(appProps).append(".\n\n");
        }
        s.append("Baseline in the same session, without the search endpoint (ms; calls per second):\n\n");
        s.append("| | threads | p50 | p95 | p99 | mean | per s |\n|---|---:|---:|---:|---:|---:|---:|\n");
        rawRow(s, "text encoder, 1 prompt (`ClipModel.embedTexts`), before", 1, rawBefore.textEncoder(), Double.NaN);
        rawRow(s, "text encoder, 1 prompt, after", 1, rawAfter.textEncoder(), Double.NaN);
        for (RawCosts.SearchRun run : rawBefore.searches()) {
            rawRow(s, "`MilvusVectorStore.search`, k = " + k + ", before", run.threads(), run.latency(),
                    run.throughput());
        }
        for (RawCosts.SearchRun run : rawAfter.searches()) {
            rawRow(s, "`MilvusVectorStore.search`, k = " + k + ", after", run.threads(), run.latency(),
                    run.throughput());
        }
        httpFloor.forEach((cacheOn, p) -> rawRow(s, "HTTP round trip of a no-op endpoint (GET /v1/admin/status), "
                + "cache-" + (cacheOn ? "on" : "off") + " app", 1, p, Double.NaN));
        levels.forEach((cacheOn, list) -> {
            String workload = cacheOn ? "on, Zipf mix of " + distinct + " prompts" : "off, every prompt new";
            s.append(String.format(Locale.ROOT, "%nGET /v1/search, cache %s (%d warm-up searches, then %d per "
                    + "level; ms as p50 / p95 / p99):%n%n", workload, warmupRequests, requests));
            s.append("| clients | req/s | client latency | encode | search | HTTP overhead | overhead ÷ "
                    + "(encode + search) | mean overhead: in server / outside | cache hits |\n");
            s.append("|---:|---:|---|---|---|---|---:|---|---:|\n");
            for (Level l : list) {
                Breakdown b = l.result().breakdown();
                s.append(String.format(Locale.ROOT, "| %d | %.1f | %s | %s | %s | %s | **%.2f** | %.2f / %.2f | %s |%n",
                        l.result().concurrency(), l.result().throughput(), triple(b.clientStats()),
                        triple(b.encodeStats()), triple(b.searchStats()), triple(b.overheadStats()),
                        b.overheadRatio(), l.insideServerExtraMs(), l.outsideServerMs(),
                        Double.isNaN(l.hitRate()) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * l.hitRate())));
            }
        });
        return s.toString();
    }

    private static void rawRow(StringBuilder s, String name, int threads, Percentiles p, double perSecond) {
        s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", name, threads, num(p.p50()),
                num(p.p95()), num(p.p99()), num(p.mean()),
                Double.isNaN(perSecond) ? "" : String.format(Locale.ROOT, "%.0f", perSecond)));
    }

    private static String triple(Percentiles p) {
        return num(p.p50()) + " / " + num(p.p95()) + " / " + num(p.p99());
    }

    /** Two decimals below 10 ms, one below 100, none above: what the noise of a shared machine allows. */
    private static String num(double ms) {
        String format = ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f";
        return String.format(Locale.ROOT, format, ms);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
