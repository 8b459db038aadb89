package io.clipstream.bench;

import static io.clipstream.bench.QueryApiBench.check;
import static io.clipstream.bench.QueryApiBench.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.testing.QuarkusApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Query latency of the packaged query API (issue #3): Kafka and Milvus Lite start here, a collection of random
 * unit vectors is written where the API searches, and GET /v1/search is driven by 1, 8 and 32 client threads,
 * once with the query-embedding cache off (every prompt new) and once on (a Zipf mix of popular prompts, cache
 * emptied before each level). Each answer's encodeMs and searchMs split the client latency into encode, search
 * and HTTP overhead. The raw text encoder, direct store searches and a no-op endpoint are the baseline.
 *
 * <pre>
 * QueryLatency --model DIR [--label NAME] [--rows 10000] [--requests 2000] [--warmup 8000]
 *              [--concurrency 1,8,32] [--distinct 200] [--zipf 1.0] [--k 20] [--cache off,on]
 *              [--app-props name=value,...] [--out bench-out]
 * </pre>
 * {@code --app-props} passes settings to the query API, to measure a tuning against the defaults.
 */
public final class QueryLatency {

    private static final int RAW_SAMPLES = 300;

    private final QueryApiBench.Options o;
    private final int distinct;
    private final double zipf;
    private final List<Boolean> cacheSettings;
    private final Map<String, String> appProps = new LinkedHashMap<>();
    private final Prompts prompts = new Prompts();
    private final HttpClient admin = HttpClient.newHttpClient();

    private QueryLatency(BenchArgs args) {
        o = QueryApiBench.Options.parse(args, 2000, 8000, "1,8,32");
        distinct = args.getInt("distinct", 200);
        zipf = Double.parseDouble(args.get("zipf", "1.0"));
        cacheSettings = Arrays.stream(args.get("cache", "off,on").split(",")).map(c -> switch (c) {
            case "off" -> false;
            case "on" -> true;
            default -> throw new IllegalArgumentException("--cache takes off, on or off,on: " + c);
        }).toList();
        for (String pair : args.get("app-props", "").split(",")) {
            if (!pair.isBlank()) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--app-props takes name=value pairs: " + pair);
                }
                appProps.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
    }

    public static void main(String[] argv) throws Exception {
        new QueryLatency(BenchArgs.parse(argv)).run();
    }

    private void run() throws Exception {
        QueryReport report = new QueryReport(o.label(), o.model(), o.rows(), o.k(), o.requests(), distinct, zipf,
                appProps);
        report.machine = Machine.describe();
        report.warmupRequests = o.warmup();
        report.tower = RawCosts.describe(o.model(), prompts.next(200));
        log("%s: %d-d, prompts of %.1f tokens on average, text tower on %s", o.label(), report.tower.dims(),
                report.tower.meanTokens(), report.tower.provider());
        try (QueryApiBench.Stack stack = QueryApiBench.Stack.start()) {
            String collection = stack.collection();
            long start = System.nanoTime();
            CollectionSeeder.fill(stack.store(), collection, report.tower.dims(), o.rows(), 11);
            log("%d vectors written to %s in %.1f s", o.rows(), collection, (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            MilvusLiteIndex.sealAndIndex(stack.milvus().uri(), collection);
            log("flushed and indexed in %.1f s", (System.nanoTime() - start) / 1e9);

            int[] searchThreads = IntStream.concat(IntStream.of(1), Arrays.stream(o.levels()).filter(c -> c != 1))
                    .toArray();
            report.rawBefore = raw(stack.store(), collection, report.tower.dims(), searchThreads);
            for (boolean cacheOn : cacheSettings) {
                report.levels.put(cacheOn, appRun(cacheOn, stack, report));
            }
            report.rawAfter = raw(stack.store(), collection, report.tower.dims(), new int[] {1});
        }
        Files.createDirectories(o.out());
        Path json = o.out().resolve("query-latency-" + o.label() + ".json");
        Path markdown = o.out().resolve("query-latency-" + o.label() + ".md");
        Files.writeString(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report.toMap()));
        Files.writeString(markdown, report.markdown());
        System.out.println(report.markdown());
        log("results: %s, %s", json, markdown);
    }

    private QueryReport.Raw raw(MilvusVectorStore store, String collection, int dims, int[] threads)
            throws Exception {
        double load = Machine.loadAverage();
        Percentiles encoder = RawCosts.textEncoder(o.model(), prompts.next(50), prompts.next(RAW_SAMPLES));
        RawCosts.search(store, collection, dims, o.k(), 1, 50);
        List<RawCosts.SearchRun> searches = new ArrayList<>();
        for (int t : threads) {
            searches.add(RawCosts.search(store, collection, dims, o.k(), t, RAW_SAMPLES));
        }
        log("raw: text encoder p50 %.2f ms, store search p50 %.2f ms", encoder.p50(),
                searches.getFirst().latency().p50());
        return new QueryReport.Raw(encoder, searches, load);
    }

    /** One start of the packaged API; the cache setting is start-up configuration, so each setting is a run. */
    private List<QueryReport.Level> appRun(boolean cacheOn, QueryApiBench.Stack stack, QueryReport report)
            throws Exception {
        Map<String, String> config = QueryApiBench.config(stack, o.model(), o.out(), "query-state");
        if (!cacheOn) {
            config.put("clipstream.text.cache-size", "0");
        }
        config.putAll(appProps);
        String name = "query-api-bench-cache-" + (cacheOn ? "on" : "off");
        List<QueryReport.Level> results = new ArrayList<>();
        try (QuarkusApp app = QueryApiBench.start(name, config)) {
            SearchLoad load = new SearchLoad(app.httpPort(), o.k());
            // Thousands of searches before the JIT settles: with 300 the overhead measured a third higher.
            check(load.run(prompts.next(o.warmup()), 8), app);
            report.httpFloor.put(cacheOn, HttpFloor.measure(app.httpPort(), QueryApiBench.API_KEY, 100, RAW_SAMPLES));
            for (int concurrency : o.levels()) {
                check(load.run(prompts.next(Math.max(100, 4 * concurrency)), concurrency), app);
                if (cacheOn) {
                    clearCache(app);
                }
                List<String> measured = cacheOn ? Prompts.zipf(o.requests(), distinct, zipf, 42)
                        : prompts.next(o.requests());
                AppMetrics before = AppMetrics.scrape(app);
                double loadAverage = Machine.loadAverage();
                SearchLoad.Result r = check(load.run(measured, concurrency), app);
                AppMetrics after = AppMetrics.scrape(app);
                QueryReport.Level level = new QueryReport.Level(r, after.hitRateSince(before),
                        after.serverMeanMsSince(before), loadAverage);
                results.add(level);
                log("cache %s, concurrency %d: %.1f req/s, client p50 %.2f ms, overhead ratio %.3f, hit rate %.3f",
                        cacheOn ? "on" : "off", concurrency, r.throughput(), r.breakdown().clientStats().p50(),
                        r.breakdown().overheadRatio(), level.hitRate());
            }
        }
        return results;
    }

    private void clearCache(QuarkusApp app) throws IOException, InterruptedException {
        HttpResponse<String> r = admin.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.httpPort() + "/v1/admin/cache/clear"))
                .header("X-API-Key", QueryApiBench.API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("cache clear answered " + r.statusCode() + ": " + r.body());
        }
    }
}
