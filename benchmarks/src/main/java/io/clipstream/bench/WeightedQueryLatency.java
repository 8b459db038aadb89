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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a weighted query costs over a plain text search (issue #14): the packaged query API over a collection of
 * random unit vectors (as {@link QueryLatency}), with plain searches ({@code P}) and weighted searches of two
 * text terms ({@code P -"Q"}, both full-length prompts) interleaved in one closed loop, so that both kinds see the
 * same machine. Two workloads: every text new (the cache cannot help), and every text cached. Encoder calls per
 * search are counted from the API's {@code clipstream_query_text_batch_size} summary in separate sequential runs
 * (one client: no other search shares a call).
 *
 * <pre>
 * WeightedQueryLatency --model DIR [--label NAME] [--rows 10000] [--requests 1000] [--warmup 4000]
 *                      [--concurrency 1,8] [--k 20] [--out bench-out]
 * </pre>
 */
public final class WeightedQueryLatency {

    private static final int CALL_SAMPLES = 200;
    private static final int CACHED_PAIRS = 100;
    private static final Pattern SUMMARY = Pattern.compile(
            "^clipstream_query_text_batch_size_(count|sum)(\\{[^}]*})?\\s+(\\S+)");

    private final QueryApiBench.Options o;
    private final Prompts prompts = new Prompts();

    private WeightedQueryLatency(BenchArgs args) {
        o = QueryApiBench.Options.parse(args, 1000, 4000, "1,8");
    }

    public static void main(String[] argv) throws Exception {
        new WeightedQueryLatency(BenchArgs.parse(argv)).run();
    }

    /** Encoder calls and texts encoded per search of one kind, from sequential searches. */
    record Calls(String kind, String cache, double callsPerSearch, double textsPerSearch) {
    }

    /** One level: plain and weighted searches of one workload, interleaved. */
    record Level(String cache, int concurrency, Breakdown plain, Breakdown weighted, double seconds,
                 double loadAverage) {
    }

    private void run() throws Exception {
        Map<String, Object> machine = Machine.describe();
        RawCosts.TextTower tower = RawCosts.describe(o.model(), prompts.next(200));
        List<Calls> calls = new ArrayList<>();
        List<Level> results = new ArrayList<>();
        try (QueryApiBench.Stack stack = QueryApiBench.Stack.start()) {
            String collection = stack.collection();
            CollectionSeeder.fill(stack.store(), collection, tower.dims(), o.rows(), 11);
            MilvusLiteIndex.sealAndIndex(stack.milvus().uri(), collection);
            try (QuarkusApp app = QueryApiBench.start("query-api-bench-weighted",
                    QueryApiBench.config(stack, o.model(), o.out(), "query-state-weighted"))) {
                SearchLoad load = new SearchLoad(app.httpPort(), o.k());
                check(load.runClassified(interleave(fresh(o.warmup() / 2)), 8, 2), app);

                List<String[]> popular = fresh(CACHED_PAIRS);
                calls.add(calls(app, load, "plain", "new", fresh(CALL_SAMPLES).stream().map(p -> p[0]).toList()));
                calls.add(calls(app, load, "weighted", "new", fresh(CALL_SAMPLES).stream().map(p -> p[1]).toList()));
                check(load.runClassified(interleave(popular), 1, 2), app);
                calls.add(calls(app, load, "plain", "cached", draw(popular, CALL_SAMPLES, 0, 7)));
                calls.add(calls(app, load, "weighted", "cached", draw(popular, CALL_SAMPLES, 1, 8)));
                for (Calls c : calls) {
                    log("%s, texts %s: %.3f encoder calls and %.3f texts per search", c.kind(), c.cache(),
                            c.callsPerSearch(), c.textsPerSearch());
                }

                for (int concurrency : o.levels()) {
                    for (String cache : List.of("new", "cached")) {
                        List<String[]> pairs = cache.equals("new") ? fresh(o.requests())
                                : drawPairs(popular, o.requests(), concurrency);
                        if (cache.equals("cached")) {
                            // Thousands of new texts went through the cache since: put the popular ones back.
                            check(load.runClassified(interleave(popular), 1, 2), app);
                        }
                        double loadAverage = Machine.loadAverage();
                        SearchLoad.Classified r = check(load.runClassified(interleave(pairs), concurrency, 2), app);
                        Level level = new Level(cache, concurrency, r.breakdowns().get(0), r.breakdowns().get(1),
                                r.seconds(), loadAverage);
                        results.add(level);
                        log("texts %s, %d clients: plain p50 %.2f ms, weighted p50 %.2f ms (x%.2f)", cache,
                                concurrency, level.plain().clientStats().p50(), level.weighted().clientStats().p50(),
                                level.weighted().clientStats().p50() / level.plain().clientStats().p50());
                    }
                }
            }
        }
        Files.createDirectories(o.out());
        Map<String, Object> report = report(machine, tower, calls, results);
        Path json = o.out().resolve("query-weighted-" + o.label() + ".json");
        Path markdown = o.out().resolve("query-weighted-" + o.label() + ".md");
        Files.writeString(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        String md = markdown(tower, calls, results);
        Files.writeString(markdown, md);
        System.out.println(md);
        log("results: %s, %s", json, markdown);
    }

    /** {@code n} pairs of prompts never used before: [plain P, weighted P -"Q"]. */
    private List<String[]> fresh(int n) {
        List<String[]> pairs = new ArrayList<>(n);
        List<String> texts = prompts.next(3 * n);
        for (int i = 0; i < n; i++) {
            pairs.add(new String[] {texts.get(3 * i), texts.get(3 * i + 1) + " -\"" + texts.get(3 * i + 2) + "\""});
        }
        return pairs;
    }

    /** {@code n} uniform draws of one kind from the popular pairs, in a fixed order. */
    private static List<String> draw(List<String[]> popular, int n, int kind, long seed) {
        Random random = new Random(seed);
        List<String> drawn = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            drawn.add(popular.get(random.nextInt(popular.size()))[kind]);
        }
        return drawn;
    }

    private static List<String[]> drawPairs(List<String[]> popular, int n, long seed) {
        Random random = new Random(seed);
        List<String[]> drawn = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            drawn.add(popular.get(random.nextInt(popular.size())));
        }
        return drawn;
    }

    /** plain, weighted, plain, weighted, ...: request i is of kind i % 2. */
    private static List<String> interleave(List<String[]> pairs) {
        List<String> all = new ArrayList<>(2 * pairs.size());
        for (String[] pair : pairs) {
            all.add(pair[0]);
            all.add(pair[1]);
        }
        return all;
    }

    private Calls calls(QuarkusApp app, SearchLoad load, String kind, String cache, List<String> searches)
            throws InterruptedException {
        double[] before = encoderCalls(app);
        check(load.runClassified(searches, 1, 1), app);
        double[] after = encoderCalls(app);
        return new Calls(kind, cache, (after[0] - before[0]) / searches.size(),
                (after[1] - before[1]) / searches.size());
    }

    /** [calls, texts] of the text encoder so far. */
    private static double[] encoderCalls(QuarkusApp app) {
        var response = app.get("/q/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/q/metrics answered " + response.statusCode());
        }
        double[] out = new double[2];
        for (String line : response.body().lines().toList()) {
            Matcher m = SUMMARY.matcher(line);
            if (m.find()) {
                out[m.group(1).equals("count") ? 0 : 1] += Double.parseDouble(m.group(3));
            }
        }
        return out;
    }

    private Map<String, Object> report(Map<String, Object> machine, RawCosts.TextTower tower, List<Calls> calls,
                                       List<Level> results) {
        Map<String, Object> m = o.report(machine, tower);
        m.put("weighted_query", "P -\"Q\": two text terms, both full-length prompts");
        List<Map<String, Object>> c = new ArrayList<>();
        for (Calls call : calls) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("kind", call.kind());
            e.put("texts", call.cache());
            e.put("encoder_calls_per_search", Percentiles.round(call.callsPerSearch()));
            e.put("texts_encoded_per_search", Percentiles.round(call.textsPerSearch()));
            c.add(e);
        }
        m.put("encoder_calls", c);
        List<Map<String, Object>> levelsOut = new ArrayList<>();
        for (Level l : results) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("texts", l.cache());
            e.put("concurrency", l.concurrency());
            e.put("seconds", Percentiles.round(l.seconds()));
            e.put("plain_client", l.plain().clientStats().toMap());
            e.put("weighted_client", l.weighted().clientStats().toMap());
            e.put("plain_encode", l.plain().encodeStats().toMap());
            e.put("weighted_encode", l.weighted().encodeStats().toMap());
            e.put("plain_search", l.plain().searchStats().toMap());
            e.put("weighted_search", l.weighted().searchStats().toMap());
            e.put("load_average_1m", l.loadAverage());
            levelsOut.add(e);
        }
        m.put("levels", levelsOut);
        return m;
    }

    private String markdown(RawCosts.TextTower tower, List<Calls> calls, List<Level> results) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "#### %s model (%d-d, prompts of %.1f tokens), %d vectors, k = %d%n%n",
                o.label(), tower.dims(), tower.meanTokens(), o.rows(), o.k()));
        s.append("Text-encoder calls per search (sequential, one client):\n\n");
        s.append("| search | texts | encoder calls | texts encoded |\n|---|---|---:|---:|\n");
        for (Calls c : calls) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f |%n", c.kind(), c.cache(),
                    c.callsPerSearch(), c.textsPerSearch()));
        }
        s.append(String.format(Locale.ROOT, "%nPlain and weighted searches interleaved (%d of each per row; ms; "
                + "overhead = weighted − plain at the same percentile):%n%n", o.requests()));
        s.append("| texts | clients | client plain p50 / p99 | client weighted p50 / p99 | overhead p50 / p99 | "
                + "weighted ÷ plain p50 / p99 | encode plain p50 / p99 | encode weighted p50 / p99 | load |\n");
        s.append("|---|---:|---|---|---|---|---|---|---:|\n");
        for (Level l : results) {
            Percentiles p = l.plain().clientStats();
            Percentiles w = l.weighted().clientStats();
            Percentiles pe = l.plain().encodeStats();
            Percentiles we = l.weighted().encodeStats();
            s.append(String.format(Locale.ROOT, "| %s | %d | %s / %s | %s / %s | %s / %s | **%.2f** / **%.2f** "
                            + "| %s / %s | %s / %s | %.1f |%n", l.cache(), l.concurrency(), millis(p.p50()),
                    millis(p.p99()), millis(w.p50()), millis(w.p99()), millis(w.p50() - p.p50()),
                    millis(w.p99() - p.p99()), w.p50() / p.p50(), w.p99() / p.p99(), millis(pe.p50()),
                    millis(pe.p99()), millis(we.p50()), millis(we.p99()),
                    l.loadAverage()));
        }
        return s.toString();
    }
}
