package io.clipstream.bench;

import static io.clipstream.bench.QueryApiBench.check;
import static io.clipstream.bench.QueryApiBench.log;
import static io.clipstream.bench.QueryApiBench.millis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.testing.QuarkusApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What keyword and hybrid searches cost over a plain text (vector) search (issue #14): the packaged query API
 * over a Milvus Lite collection of random unit vectors whose rows carry a caption (a prompt of {@link Prompts}, so
 * that the words of a query match many rows, as common words do), indexed for BM25. Plain, hybrid and keyword
 * searches are interleaved in one closed loop so that all see the same machine; two workloads: every prompt new
 * (the encoder runs each time), and prompts drawn from a small popular set (embeddings cached). Each kind searches
 * its own prompts, so no kind warms the cache for another.
 *
 * <pre>
 * HybridQueryLatency --model DIR [--label NAME] [--rows 10000] [--requests 1000] [--warmup 3000]
 *                    [--concurrency 1,8] [--k 20] [--out bench-out]
 * </pre>
 */
public final class HybridQueryLatency {

    private static final int POPULAR = 100;
    private static final List<String> KINDS = List.of("plain", "hybrid", "keyword");
    private static final List<String> PARAMETERS = List.of("", "&mode=hybrid", "&mode=keyword");

    private final QueryApiBench.Options o;
    private final Prompts prompts = new Prompts();

    private HybridQueryLatency(BenchArgs args) {
        o = QueryApiBench.Options.parse(args, 1000, 3000, "1,8");
    }

    public static void main(String[] argv) throws Exception {
        new HybridQueryLatency(BenchArgs.parse(argv)).run();
    }

    /** One level: the three kinds of one workload, interleaved. */
    record Level(String cache, int concurrency, List<Breakdown> kinds, double seconds, double loadAverage) {
    }

    private void run() throws Exception {
        Map<String, Object> machine = Machine.describe();
        RawCosts.TextTower tower = RawCosts.describe(o.model(), prompts.next(200));
        List<Level> results = new ArrayList<>();
        try (QueryApiBench.Stack stack = QueryApiBench.Stack.start()) {
            String collection = stack.collection();
            CollectionSeeder.fill(stack.store(), collection, tower.dims(), o.rows(), 11,
                    new Prompts().next(o.rows()));
            MilvusLiteIndex.sealAndIndex(stack.milvus().uri(), collection);
            if (!stack.store().supportsKeywordSearch(collection)) {
                throw new IllegalStateException(stack.milvus().uri() + " has no keyword search on " + collection);
            }
            try (QuarkusApp app = QueryApiBench.start("query-api-bench-hybrid",
                    QueryApiBench.config(stack, o.model(), o.out(), "query-state-hybrid"))) {
                SearchLoad load = new SearchLoad(app.httpPort(), o.k());
                check(load.runClassified(prompts.next(o.warmup()), 8, PARAMETERS), app);
                List<String> popular = prompts.next(POPULAR * KINDS.size());
                for (int concurrency : o.levels()) {
                    for (String cache : List.of("new", "cached")) {
                        List<String> searches;
                        if (cache.equals("new")) {
                            searches = prompts.next(o.requests() * KINDS.size());
                        } else {
                            // Every popular prompt once per kind, so that all are cached; then drawn at random.
                            check(load.runClassified(popular, 1, PARAMETERS), app);
                            searches = draw(popular, o.requests() * KINDS.size(), concurrency);
                        }
                        double loadAverage = Machine.loadAverage();
                        SearchLoad.Classified r = check(load.runClassified(searches, concurrency, PARAMETERS), app);
                        Level level = new Level(cache, concurrency, r.breakdowns(), r.seconds(), loadAverage);
                        results.add(level);
                        log("prompts %s, %d clients: plain p50 %.2f ms, hybrid p50 %.2f ms, keyword p50 %.2f ms",
                                cache, concurrency, p50(level, 0), p50(level, 1), p50(level, 2));
                    }
                }
            }
        }
        Files.createDirectories(o.out());
        Path json = o.out().resolve("query-hybrid-" + o.label() + ".json");
        Path markdown = o.out().resolve("query-hybrid-" + o.label() + ".md");
        Files.writeString(json, new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(report(machine, tower, results)));
        String md = markdown(tower, results);
        Files.writeString(markdown, md);
        System.out.println(md);
        log("results: %s, %s", json, markdown);
    }

    /**
     * {@code n} draws from the popular prompts, request {@code i} of kind {@code i % 3} from that kind's own
     * {@link #POPULAR} prompts.
     */
    private static List<String> draw(List<String> popular, int n, long seed) {
        Random random = new Random(seed);
        List<String> drawn = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = i % KINDS.size();
            drawn.add(popular.get(kind + KINDS.size() * random.nextInt(POPULAR)));
        }
        return drawn;
    }

    private static double p50(Level level, int kind) {
        return level.kinds().get(kind).clientStats().p50();
    }

    private Map<String, Object> report(Map<String, Object> machine, RawCosts.TextTower tower, List<Level> results) {
        Map<String, Object> m = o.report(machine, tower);
        m.put("store", "Milvus Lite (BM25 function on a caption per row)");
        m.put("fusion", "reciprocal rank, k = 60, depth 200 per ranking (defaults)");
        List<Map<String, Object>> levelsOut = new ArrayList<>();
        for (Level l : results) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("prompts", l.cache());
            e.put("concurrency", l.concurrency());
            e.put("seconds", Percentiles.round(l.seconds()));
            for (int i = 0; i < KINDS.size(); i++) {
                e.put(KINDS.get(i) + "_client", l.kinds().get(i).clientStats().toMap());
                e.put(KINDS.get(i) + "_search", l.kinds().get(i).searchStats().toMap());
            }
            e.put("load_average_1m", l.loadAverage());
            levelsOut.add(e);
        }
        m.put("levels", levelsOut);
        return m;
    }

    private String markdown(RawCosts.TextTower tower, List<Level> results) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "#### %s model (%d-d), %d vectors with captions, k = %d%n%n",
                o.label(), tower.dims(), o.rows(), o.k()));
        s.append(String.format(Locale.ROOT, "Plain, hybrid and keyword searches interleaved (%d of each per row; "
                + "ms; overhead = hybrid − plain at the same percentile):%n%n", o.requests()));
        s.append("| prompts | clients | plain p50 / p99 | hybrid p50 / p99 | hybrid overhead p50 / p99 | "
                + "keyword p50 / p99 | store search plain / hybrid / keyword p50 | load |\n");
        s.append("|---|---:|---|---|---|---|---|---:|\n");
        for (Level l : results) {
            Percentiles p = l.kinds().get(0).clientStats();
            Percentiles h = l.kinds().get(1).clientStats();
            Percentiles w = l.kinds().get(2).clientStats();
            s.append(String.format(Locale.ROOT, "| %s | %d | %s / %s | %s / %s | **%s** / **%s** | %s / %s | "
                            + "%s / %s / %s | %.1f |%n", l.cache(), l.concurrency(), millis(p.p50()),
                    millis(p.p99()), millis(h.p50()), millis(h.p99()), millis(h.p50() - p.p50()),
                    millis(h.p99() - p.p99()), millis(w.p50()), millis(w.p99()),
                    millis(l.kinds().get(0).searchStats().p50()), millis(l.kinds().get(1).searchStats().p50()),
                    millis(l.kinds().get(2).searchStats().p50()),
                    l.loadAverage()));
        }
        return s.toString();
    }
}
