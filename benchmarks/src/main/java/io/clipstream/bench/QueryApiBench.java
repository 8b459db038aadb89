package io.clipstream.bench;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.testing.KafkaBroker;
import io.clipstream.testing.MilvusLite;
import io.clipstream.testing.QuarkusApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the query benchmarks ({@link QueryLatency}, {@link WeightedQueryLatency}, {@link HybridQueryLatency}) share:
 * a Kafka broker, Milvus Lite and a store on it, the packaged query API started on them with the benchmarks'
 * topics, and the checks and formatting of their runs.
 */
final class QueryApiBench {

    static final String MODEL_ID = "bench-query";
    static final String API_KEY = "bench-admin-key-0123456789";
    private static final Path RUN_JAR = Path.of("query-api", "target", "quarkus-app", "quarkus-run.jar");
    private static final String THUMBNAILS = "bench.images.thumbnails";

    private QueryApiBench() {
    }

    /** Kafka, Milvus Lite and a store client on it, closed in reverse order. */
    record Stack(KafkaBroker kafka, MilvusLite milvus, MilvusVectorStore store) implements AutoCloseable {

        /** Starts all three; the thumbnails topic exists, as in production where the indexer creates it. */
        static Stack start() {
            KafkaBroker kafka = KafkaBroker.builder().start();
            MilvusLite milvus = null;
            try {
                kafka.createTopic(THUMBNAILS, 1, Map.of("cleanup.policy", "compact"));
                milvus = MilvusLite.builder().start();
                return new Stack(kafka, milvus, new MilvusVectorStore(MilvusSettings.of(milvus.uri())));
            } catch (RuntimeException e) {
                if (milvus != null) {
                    milvus.close();
                }
                kafka.close();
                throw e;
            }
        }

        /** The collection of the benchmarks' model version 0, where the API searches. */
        String collection() {
            return CollectionSpec.nameFor(MODEL_ID, 0);
        }

        @Override
        public void close() {
            try {
                store.close();
            } finally {
                try {
                    milvus.close();
                } finally {
                    kafka.close();
                }
            }
        }
    }

    /** What every query benchmark is told: the model, the collection, the load and where the results go. */
    record Options(Path model, String label, int rows, int requests, int warmup, int[] levels, int k, Path out) {

        /** The options in {@code args}, with this benchmark's defaults for the load. */
        static Options parse(BenchArgs args, int requests, int warmup, String levels) {
            Path model = Path.of(args.require("model")).toAbsolutePath();
            return new Options(model, args.get("label", model.getParent().getFileName().toString()),
                    args.getInt("rows", 10_000), args.getInt("requests", requests), args.getInt("warmup", warmup),
                    Arrays.stream(args.get("concurrency", levels).split(",")).mapToInt(Integer::parseInt).toArray(),
                    args.getInt("k", 20), Path.of(args.get("out", "bench-out")).toAbsolutePath());
        }

        /** A report's opening entries: the machine, the model and the collection. */
        Map<String, Object> report(Map<String, Object> machine, RawCosts.TextTower tower) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("machine", machine);
            m.put("label", label);
            m.put("model", model.toString());
            m.put("dims", tower.dims());
            m.put("mean_prompt_tokens", Percentiles.round(tower.meanTokens()));
            m.put("rows", rows);
            m.put("k", k);
            m.put("warmup_requests", warmup);
            m.put("requests_per_kind_and_level", requests);
            return m;
        }
    }

    /**
     * The query API's settings on {@code stack}: the model in {@code model} as version 0 (an empty registry under
     * {@code out}), the benchmarks' topics, and a thumbnails view in an emptied {@code out/stateName}: its RocksDB
     * folder must not outlive the broker whose offsets it checkpoints.
     */
    static Map<String, String> config(Stack stack, Path model, Path out, String stateName) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        config.put("clipstream.milvus.uri", stack.milvus().uri());
        config.put("clipstream.model.dir", model.toString());
        config.put("clipstream.model.id", MODEL_ID);
        // Version 0 needs no adapters: an empty registry folder.
        config.put("clipstream.registry.dir", Files.createDirectories(out.resolve("query-registry")).toString());
        config.put("clipstream.topics.impressions", "bench.search.impressions");
        config.put("clipstream.topics.clicks", "bench.search.clicks");
        config.put("clipstream.topics.models", "bench.models");
        config.put("clipstream.topics.thumbnails", THUMBNAILS);
        config.put("clipstream.thumbnails.state-dir", emptyDirectory(out.resolve(stateName)).toString());
        config.put("clipstream.admin.api-key", API_KEY);
        return config;
    }

    /** The packaged query API with {@code config}, once it is ready. */
    static QuarkusApp start(String name, Map<String, String> config) throws InterruptedException {
        QuarkusApp app = QuarkusApp.start(name, RUN_JAR, config, Duration.ofMinutes(3));
        try {
            log("%s started on port %d (log: %s)", name, app.httpPort(), app.logFile());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (app.get("/q/health/ready").statusCode() != 200) {
                if (System.nanoTime() > deadline || !app.isAlive()) {
                    throw new IllegalStateException("the query API did not get ready:\n" + app.logTail(40));
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
            return app;
        } catch (RuntimeException | InterruptedException e) {
            app.close();
            throw e;
        }
    }

    /** {@code r}, unless a search of it failed: a benchmark of failing searches measures nothing. */
    static <R extends SearchLoad.Outcome> R check(R r, QuarkusApp app) {
        if (r.errors() > 0) {
            throw new IllegalStateException(r.errors() + " searches failed, the first: " + r.firstError()
                    + "\n" + app.logTail(40));
        }
        return r;
    }

    static Path emptyDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** Milliseconds for a table: three significant figures at most. */
    static String millis(double ms) {
        String format = Math.abs(ms) < 10 ? "%.2f" : Math.abs(ms) < 100 ? "%.1f" : "%.0f";
        return String.format(Locale.ROOT, format, ms);
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
