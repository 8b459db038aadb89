package io.clipstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import io.clipstream.store.filter.FieldType;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.filter.FilterField;
import io.clipstream.store.lucene.LuceneVectorStore;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.testing.MilvusLite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.VectorUtil;

/**
 * The two implementations of the vector-store port side by side (issue #5): {@link LuceneVectorStore}, embedded
 * in the one-JVM local mode, against {@link MilvusVectorStore} on Milvus Lite, the baseline, on the same data in
 * the same process. For each collection size: N clustered unit vectors (200 random centres plus gaussian noise,
 * seeded, cosine about 0.7 to their centre) with a string and a number in their metadata, upserted in batches of
 * 512 (the projector's largest poll) with the time to each call's acknowledgement; then top-k searches of held-out
 * queries from 1 and 4 threads, with and without a filter keeping about 10 %, one pass of page 2, recall@k against
 * an exact scan computed here, and the time from a restart to the first answer.
 *
 * <p>Milvus Lite keeps written rows in an in-memory table that it scans in Python; after the ingest its
 * collection is flushed and reloaded ({@link MilvusLiteIndex}) so that it searches its HNSW index, as a running
 * Milvus would. The Lucene store is closed and reopened after the ingest, which waits for its background merges,
 * so that neither store is measured while it still reorganises what it was given.
 *
 * <pre>
 * StoreComparison [--rows 10000,50000] [--queries 500] [--filtered-queries 50] [--warmup 100] [--k 20]
 *                 [--batch 512] [--threads 4] [--dims 512] [--centres 200] [--seed 5] [--unsealed 3]
 *                 [--stores lucene,milvus] [--out bench-out]
 * </pre>
 * {@code --filtered-queries}: the filtered searches use the first this many queries (Milvus Lite evaluates the
 * metadata filter slowly: 0.3 s a search at 10k rows, so 500 of them would take most of the run); their warm-up
 * is a fifth of that. {@code --unsealed}: Milvus Lite searches timed before the flush, on its in-memory table
 * (0 to skip).
 */
public final class StoreComparison {

    private static final String LUCENE = "lucene";
    private static final String MILVUS = "milvus";
    /** Standard deviation of the noise, as a length: cosine to the centre about 1 / sqrt(1 + 1). */
    private static final double NOISE = 1.0;
    private static final int ALBUMS = 10;
    private static final long BASE_TIME_MS = 1_700_000_000_000L;
    private static final FilterField ALBUM = FilterField.metadata("album", FieldType.STRING);

    private final int[] rowCounts;
    private final int queryCount;
    private final int filteredCount;
    private final int warmup;
    private final int k;
    private final int batch;
    private final int threads;
    private final int dims;
    private final int centres;
    private final long seed;
    private final int unsealed;
    private final List<String> stores;
    private final Path out;

    private StoreComparison(BenchArgs args) {
        rowCounts = Arrays.stream(args.get("rows", "10000,50000").split(",")).mapToInt(Integer::parseInt).toArray();
        queryCount = args.getInt("queries", 500);
        filteredCount = Math.min(queryCount, args.getInt("filtered-queries", 50));
        warmup = args.getInt("warmup", 100);
        k = args.getInt("k", 20);
        batch = args.getInt("batch", 512);
        threads = args.getInt("threads", 4);
        dims = args.getInt("dims", 512);
        centres = args.getInt("centres", 200);
        seed = Long.parseLong(args.get("seed", "5"));
        unsealed = args.getInt("unsealed", 3);
        stores = List.of(args.get("stores", LUCENE + "," + MILVUS).split(","));
        for (String s : stores) {
            if (!s.equals(LUCENE) && !s.equals(MILVUS)) {
                throw new IllegalArgumentException("--stores takes lucene, milvus or both: " + s);
            }
        }
        out = Path.of(args.get("out", "bench-out")).toAbsolutePath();
    }

    public static void main(String[] argv) throws Exception {
        new StoreComparison(BenchArgs.parse(argv)).run();
    }

    // ---------------------------------------------------------------------------------------------------------
    // The run

    private void run() throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", Machine.describe());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("rows", Arrays.stream(rowCounts).boxed().toList());
        settings.put("queries", queryCount);
        settings.put("filtered_queries", filteredCount);
        settings.put("warmup", warmup);
        settings.put("k", k);
        settings.put("batch", batch);
        settings.put("threads", threads);
        settings.put("dims", dims);
        settings.put("centres", centres);
        settings.put("seed", seed);
        settings.put("filter_keeps", 1.0 / ALBUMS);
        report.put("settings", settings);
        List<Map<String, Object>> sizes = new ArrayList<>();
        report.put("sizes", sizes);
        long started = System.nanoTime();
        MilvusLite milvus = stores.contains(MILVUS) ? MilvusLite.builder().start() : null;
        try {
            for (int rows : rowCounts) {
                Data data = Data.generate(rows, queryCount, warmup, dims, centres, seed);
                long t = System.nanoTime();
                Truth truth = Truth.of(data, k);
                log("N = %d: data generated, exact top-%d of %d queries in %.1f s", rows, k, queryCount,
                        seconds(t));
                Map<String, Object> size = new LinkedHashMap<>();
                size.put("rows", rows);
                if (stores.contains(LUCENE)) {
                    size.put(LUCENE, lucene(data, truth));
                }
                if (milvus != null) {
                    size.put(MILVUS, milvus(data, truth, milvus));
                }
                sizes.add(size);
            }
        } finally {
            if (milvus != null) {
                milvus.close();
            }
        }
        report.put("total_seconds", Percentiles.round(seconds(started)));
        Files.createDirectories(out);
        Path json = out.resolve("vector-stores.json");
        Path markdown = out.resolve("vector-stores.md");
        String md = markdown(sizes);
        Files.writeString(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        Files.writeString(markdown, md);
        System.out.println(md);
        log("results: %s, %s (%.0f s in all)", json, markdown, seconds(started));
    }

    private Map<String, Object> lucene(Data data, Truth truth) throws Exception {
        String collection = collection(data.rows());
        Path dir = Files.createTempDirectory("clipstream-bench-lucene-");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("load_before", Machine.loadAverage());
        r.put("search_path", data.rows() <= 20_000 ? "exact" : "HNSW, >= 400 candidates");
        LuceneVectorStore store = LuceneVectorStore.open(dir);
        try {
            store.ensureCollection(new CollectionSpec(collection, dims));
            r.put("ingest", ingest(store, collection, data).toMap());
            long t = System.nanoTime();
            store.close();
            r.put("settle_ms", ms(t));
            r.put("settle", "close (waits for background merges)");
            store = LuceneVectorStore.open(dir);
            check(store.count(collection), data.rows());
            r.put("disk_mib", mib(dir));
            r.putAll(searches(store, collection, data, truth));
            store.close();
            t = System.nanoTime();
            store = LuceneVectorStore.open(dir);
            firstSearch(store, collection, data);
            r.put("restart_ms", ms(t));
            r.put("restart", "open the store + first search");
            log("lucene N = %d: reopen + first search %.0f ms", data.rows(), (double) r.get("restart_ms"));
        } finally {
            store.close();
            IOUtils.rm(dir);
        }
        r.put("load_after", Machine.loadAverage());
        return r;
    }

    private Map<String, Object> milvus(Data data, Truth truth, MilvusLite milvus) throws Exception {
        String collection = collection(data.rows());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("load_before", Machine.loadAverage());
        r.put("search_path", "HNSW (M 16, efConstruction 200, ef max(64, offset + k))");
        MilvusVectorStore store = milvusStore(milvus);
        try {
            store.ensureCollection(new CollectionSpec(collection, dims));
            r.put("ingest", ingest(store, collection, data).toMap());
            check(store.count(collection), data.rows());
            if (unsealed > 0) {
                SearchRun run = search(store, collection, Arrays.copyOf(data.warmupQueries(), unsealed), 1, 0,
                        q -> Filter.NONE);
                r.put("unsealed_search", run.latency().toMap());
                log("milvus N = %d: %d searches on the unflushed in-memory table, p50 %.0f ms", data.rows(),
                        unsealed, run.latency().p50());
            }
            long t = System.nanoTime();
            MilvusLiteIndex.sealAndIndex(milvus.uri(), collection);
            r.put("settle_ms", ms(t));
            r.put("settle", "flush + release + load (builds the HNSW index)");
            r.put("disk_mib", mib(milvus.dataDir()));
            r.putAll(searches(store, collection, data, truth));
            store.close();
            t = System.nanoTime();
            store = milvusStore(milvus);
            firstSearch(store, collection, data);
            r.put("restart_ms", ms(t));
            r.put("restart", "new client + first search");
            store.close();
            t = System.nanoTime();
            milvus.stop();
            milvus.start();
            store = milvusStore(milvus);
            firstSearch(store, collection, data);
            r.put("server_restart_ms", ms(t));
            log("milvus N = %d: reconnect + first search %.0f ms, server restart + first search %.0f ms",
                    data.rows(), (double) r.get("restart_ms"), (double) r.get("server_restart_ms"));
            store.dropCollection(collection);
        } finally {
            store.close();
        }
        r.put("load_after", Machine.loadAverage());
        return r;
    }

    private static MilvusVectorStore milvusStore(MilvusLite milvus) {
        // As MilvusSettings.of, with the deadline of the trainer's benchmark: scans of the in-memory table are slow.
        return new MilvusVectorStore(new MilvusSettings(milvus.uri(), "", "", 10_000, 60_000, 16, 200, 64));
    }

    private void firstSearch(VectorStore store, String collection, Data data) {
        int hits = store.search(collection, data.queries()[0], k, 0).size();
        if (hits != k) {
            throw new IllegalStateException("first search after the restart found " + hits + " hits");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Ingest

    /** Ingest: seconds from the first call to the last acknowledgement, and the time of each call. */
    record Ingest(double seconds, double perSecond, Percentiles batch, long maxBatchMicros) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds", Percentiles.round(seconds));
            m.put("records_per_s", Percentiles.round(perSecond));
            m.put("batch", batch.toMap());
            m.put("batch_max_ms", maxBatchMicros / 1000.0);
            return m;
        }
    }

    private Ingest ingest(VectorStore store, String collection, Data data) {
        List<List<VectorRecord>> batches = new ArrayList<>();
        for (int start = 0; start < data.rows(); start += batch) {
            batches.add(IntStream.range(start, Math.min(data.rows(), start + batch)).mapToObj(data::record).toList());
        }
        Histogram h = Percentiles.newHistogram();
        double sum = 0;
        long start = System.nanoTime();
        for (List<VectorRecord> b : batches) {
            long begin = System.nanoTime();
            store.upsert(collection, b);
            double ms = (System.nanoTime() - begin) / 1e6;
            h.recordValue(Percentiles.micros(ms));
            sum += ms;
        }
        double s = seconds(start);
        Ingest ingest = new Ingest(s, data.rows() / s, Percentiles.of(h, sum / batches.size()), h.getMaxValue());
        log("%s N = %d: ingest %.1f s, %.0f records/s, batch p50 %.1f ms, p99 %.1f ms", storeName(store),
                data.rows(), s, ingest.perSecond(), ingest.batch().p50(), ingest.batch().p99());
        return ingest;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Searches

    /** One pass over the queries: latency, searches per second, the ids answered per query, short answers. */
    record SearchRun(int threads, Percentiles latency, double perSecond, List<String>[] ids, int shortAnswers) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("threads", threads);
            m.putAll(latency.toMap());
            m.put("per_s", Percentiles.round(perSecond));
            m.put("short_answers", shortAnswers);
            return m;
        }
    }

    private Map<String, Object> searches(VectorStore store, String collection, Data data, Truth truth)
            throws InterruptedException {
        IntFunction<Filter> none = q -> Filter.NONE;
        IntFunction<Filter> album = q -> new Filter.Eq(ALBUM, Data.album(q % ALBUMS));
        float[][] queries = data.queries();
        // Warm-up: held-out queries of their own, with and without the filter, and a few pages.
        search(store, collection, data.warmupQueries(), 1, 0, none);
        search(store, collection, Arrays.copyOf(data.warmupQueries(), Math.max(1, filteredCount / 5)), 1, 0, album);
        search(store, collection, Arrays.copyOf(data.warmupQueries(), Math.max(1, warmup / 5)), 1, k, none);

        Map<String, Object> r = new LinkedHashMap<>();
        SearchRun one = search(store, collection, queries, 1, 0, none);
        SearchRun many = search(store, collection, queries, threads, 0, none);
        float[][] filteredQueries = Arrays.copyOf(queries, filteredCount);
        SearchRun filteredOne = search(store, collection, filteredQueries, 1, 0, album);
        SearchRun filteredMany = search(store, collection, filteredQueries, threads, 0, album);
        SearchRun page = search(store, collection, queries, 1, k, none);
        r.put("search_1", one.toMap());
        r.put("search_n", many.toMap());
        r.put("filtered_1", filteredOne.toMap());
        r.put("filtered_n", filteredMany.toMap());
        r.put("page_2", page.toMap());
        Map<String, Object> recall = new LinkedHashMap<>();
        recall.put("top_k", recall(one.ids(), truth.top(), 0));
        recall.put("top_k_threads", recall(many.ids(), truth.top(), 0));
        recall.put("filtered", recall(filteredOne.ids(), truth.filtered(), 0));
        recall.put("page_2", recall(page.ids(), truth.top(), k));
        r.put("recall", recall);
        log("%s N = %d: p50 %.2f ms (1 thread), %.0f/s (%d threads), filtered p50 %.2f ms, page 2 p50 %.2f ms, "
                + "recall@%d %.3f, filtered %.3f, page 2 %.3f", storeName(store), data.rows(), one.latency().p50(),
                many.perSecond(), threads, filteredOne.latency().p50(), page.latency().p50(), k,
                (double) recall.get("top_k"), (double) recall.get("filtered"), (double) recall.get("page_2"));
        return r;
    }

    /** Each query once, spread over {@code threads} closed-loop threads. */
    @SuppressWarnings("unchecked")
    private SearchRun search(VectorStore store, String collection, float[][] queries, int threads, int offset,
                             IntFunction<Filter> filter) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<String>[] ids = new List[queries.length];
        Histogram[] histograms = new Histogram[threads];
        double[] sums = new double[threads];
        AtomicInteger shortAnswers = new AtomicInteger();
        List<RuntimeException> failures = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int slot = t;
            histograms[t] = Percentiles.newHistogram();
            workers.add(Thread.ofPlatform().name("store-search-" + t).start(() -> {
                try {
                    for (int q = next.getAndIncrement(); q < queries.length; q = next.getAndIncrement()) {
                        Filter f = filter.apply(q);
                        long begin = System.nanoTime();
                        List<SearchHit> hits = store.search(collection, queries[q], k, offset, f);
                        double ms = (System.nanoTime() - begin) / 1e6;
                        histograms[slot].recordValue(Percentiles.micros(ms));
                        sums[slot] += ms;
                        ids[q] = hits.stream().map(SearchHit::id).toList();
                        if (hits.size() < k) {
                            shortAnswers.incrementAndGet();
                        }
                    }
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = seconds(start);
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
        Histogram all = Percentiles.newHistogram();
        Arrays.stream(histograms).forEach(all::add);
        return new SearchRun(threads, Percentiles.of(all, Arrays.stream(sums).sum() / queries.length),
                queries.length / seconds, ids, shortAnswers.get());
    }

    /** The share of the exact ranks {@code from + 1 .. from + k} that the answers hold, over all queries. */
    private double recall(List<String>[] answers, int[][] exact, int from) {
        long found = 0;
        long wanted = 0;
        for (int q = 0; q < answers.length; q++) {
            Set<String> truth = new HashSet<>();
            for (int i = from; i < Math.min(exact[q].length, from + k); i++) {
                truth.add(Data.id(exact[q][i]));
            }
            wanted += truth.size();
            found += answers[q].stream().filter(truth::contains).count();
        }
        return Math.round(found * 10_000.0 / wanted) / 10_000.0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Data and exact answers

    /**
     * Clustered unit vectors: each record and each query is a random one of {@code centres} random unit centres
     * plus isotropic gaussian noise of expected length {@value #NOISE}, normalised; queries are held out (never
     * stored). Metadata: an album out of ten (the filter's string field) and a width (a number).
     */
    record Data(int rows, float[][] vectors, int[] albums, float[][] queries, float[][] warmupQueries,
                long indexedTimeMs) {

        static Data generate(int rows, int queryCount, int warmup, int dims, int centres, long seed) {
            Random random = new Random(seed);
            float[][] c = new float[centres][];
            for (int i = 0; i < centres; i++) {
                c[i] = CollectionSeeder.randomUnit(random, dims);
            }
            float[][] vectors = new float[rows][];
            int[] albums = new int[rows];
            for (int i = 0; i < rows; i++) {
                vectors[i] = near(c[random.nextInt(centres)], random);
                albums[i] = random.nextInt(ALBUMS);
            }
            Random held = new Random(seed + 1);
            float[][] queries = new float[queryCount][];
            for (int i = 0; i < queryCount; i++) {
                queries[i] = near(c[held.nextInt(centres)], held);
            }
            float[][] warm = new float[warmup][];
            for (int i = 0; i < warmup; i++) {
                warm[i] = near(c[held.nextInt(centres)], held);
            }
            return new Data(rows, vectors, albums, queries, warm, System.currentTimeMillis());
        }

        private static float[] near(float[] centre, Random random) {
            float[] v = new float[centre.length];
            double sigma = NOISE / Math.sqrt(centre.length);
            double norm = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (centre[i] + sigma * random.nextGaussian());
                norm += v[i] * v[i];
            }
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
            return v;
        }

        static String id(int i) {
            return "img-" + i;
        }

        static String album(int a) {
            return "album-" + a;
        }

        /** The record as the projector writes it: vector, url, content type, the uploader's metadata, times. */
        VectorRecord record(int i) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("album", album(albums[i]));
            metadata.put("width", 640 + (i % 5) * 160);
            return new VectorRecord(id(i), vectors[i], "https://images.example/" + id(i) + ".jpg", "image/jpeg",
                    metadata, BASE_TIME_MS + i * 60_000L, indexedTimeMs);
        }
    }

    /** Exact answers by brute force: per query the 2k best rows, and the k best of its album. */
    record Truth(int[][] top, int[][] filtered) {

        static Truth of(Data data, int k) {
            int n = data.queries().length;
            int[][] top = new int[n][];
            int[][] filtered = new int[n][];
            IntStream.range(0, n).parallel().forEach(q -> {
                float[] query = data.queries()[q];
                float[] scores = new float[data.rows()];
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = VectorUtil.dotProduct(query, data.vectors()[i]);
                }
                int album = q % ALBUMS;
                top[q] = best(scores, 2 * k, i -> true);
                filtered[q] = best(scores, k, i -> data.albums()[i] == album);
            });
            return new Truth(top, filtered);
        }

        /** The {@code count} best rows that {@code keep} lets through, best first: insertion into a short list. */
        private static int[] best(float[] scores, int count, IntPredicate keep) {
            int[] rows = new int[count];
            float[] kept = new float[count];
            int size = 0;
            for (int i = 0; i < scores.length; i++) {
                if (!keep.test(i) || (size == count && scores[i] <= kept[size - 1])) {
                    continue;
                }
                int at = size == count ? count - 1 : size++;
                while (at > 0 && kept[at - 1] < scores[i]) {
                    kept[at] = kept[at - 1];
                    rows[at] = rows[at - 1];
                    at--;
                }
                kept[at] = scores[i];
                rows[at] = i;
            }
            return Arrays.copyOf(rows, size);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Report

    @SuppressWarnings("unchecked")
    private String markdown(List<Map<String, Object>> sizes) {
        StringBuilder md = new StringBuilder();
        for (Map<String, Object> size : sizes) {
            int rows = (int) size.get("rows");
            Map<String, Object> l = (Map<String, Object>) size.get(LUCENE);
            Map<String, Object> m = (Map<String, Object>) size.get(MILVUS);
            md.append(String.format(Locale.ROOT, "### N = %,d vectors (%d-d, %d clusters)%n%n", rows, dims, centres));
            md.append("| | Lucene (embedded) | Milvus Lite | Lucene ÷ Milvus Lite |\n|---|---:|---:|---:|\n");
            md.append(String.format(Locale.ROOT, "| search path | %s | %s | |%n", text(l, "search_path"),
                    text(m, "search_path")));
            row(md, "ingest, records/s (batches of " + batch + ")", l, m, "ingest.records_per_s");
            triple(md, "ingest, one batch to acknowledgement: p50 / p99 / max ms", l, m,
                    "ingest.batch.p50_ms", "ingest.batch.p99_ms", "ingest.batch_max_ms");
            row(md, "after the ingest: Lucene close (merges), Milvus Lite flush + index, ms", l, m, "settle_ms");
            row(md, "on disk, MiB", l, m, "disk_mib");
            searchRows(md, "top-" + k + ", 1 thread", l, m, "search_1");
            searchRows(md, "top-" + k + ", " + threads + " threads", l, m, "search_n");
            searchRows(md, "top-" + k + ", filter keeping 10 %, " + filteredCount + " queries, 1 thread", l, m,
                    "filtered_1");
            searchRows(md, "top-" + k + ", filter keeping 10 %, " + filteredCount + " queries, " + threads + " threads",
                    l, m, "filtered_n");
            searchRows(md, "page 2 (offset " + k + "), 1 thread", l, m, "page_2");
            row(md, "recall@" + k + " vs exact", l, m, "recall.top_k");
            row(md, "recall@" + k + " vs exact, filtered", l, m, "recall.filtered");
            row(md, "page 2: share of exact ranks " + (k + 1) + "–" + 2 * k, l, m, "recall.page_2");
            row(md, "restart to first answer, ms (Lucene: reopen; Milvus Lite: reconnect)", l, m, "restart_ms");
            if (m != null && m.containsKey("server_restart_ms")) {
                md.append(String.format(Locale.ROOT, "| Milvus Lite server restart + reconnect + first answer, ms "
                        + "| | %s | |%n", num(get(m, "server_restart_ms"))));
            }
            if (m != null && m.containsKey("unsealed_search")) {
                md.append(String.format(Locale.ROOT, "| Milvus Lite before the flush (in-memory table), 1 thread, "
                        + "p50 ms | | %s | |%n", num(get(m, "unsealed_search.p50_ms"))));
            }
            md.append(String.format(Locale.ROOT, "| load average (1 min) before / after | %s | %s | |%n%n",
                    loads(l), loads(m)));
        }
        return md.toString();
    }

    private void searchRows(StringBuilder md, String label, Map<String, Object> l, Map<String, Object> m,
                            String key) {
        triple(md, label + ": p50 / p95 / p99 ms", l, m, key + ".p50_ms", key + ".p95_ms", key + ".p99_ms");
        row(md, label + ": searches/s", l, m, key + ".per_s");
    }

    private static void triple(StringBuilder md, String label, Map<String, Object> l, Map<String, Object> m,
                               String a, String b, String c) {
        md.append("| ").append(label).append(" | ").append(join(l, a, b, c)).append(" | ").append(join(m, a, b, c))
                .append(" | ").append(ratio(l, m, a)).append(" / ").append(ratio(l, m, b)).append(" / ")
                .append(ratio(l, m, c)).append(" |\n");
    }

    private static void row(StringBuilder md, String label, Map<String, Object> l, Map<String, Object> m,
                            String key) {
        md.append("| ").append(label).append(" | ").append(num(get(l, key))).append(" | ").append(num(get(m, key)))
                .append(" | ").append(ratio(l, m, key)).append(" |\n");
    }

    private static String join(Map<String, Object> s, String a, String b, String c) {
        return num(get(s, a)) + " / " + num(get(s, b)) + " / " + num(get(s, c));
    }

    private static String ratio(Map<String, Object> l, Map<String, Object> m, String key) {
        Double a = get(l, key);
        Double b = get(m, key);
        return a == null || b == null || b == 0 ? "–" : num(a / b);
    }

    private static String loads(Map<String, Object> s) {
        return s == null ? "–" : num(get(s, "load_before")) + " / " + num(get(s, "load_after"));
    }

    private static String text(Map<String, Object> s, String key) {
        return s == null ? "–" : String.valueOf(s.get(key));
    }

    @SuppressWarnings("unchecked")
    private static Double get(Map<String, Object> s, String path) {
        Object v = s;
        for (String part : path.split("\\.")) {
            if (!(v instanceof Map<?, ?> map)) {
                return null;
            }
            v = ((Map<String, Object>) map).get(part);
        }
        return v instanceof Number n ? n.doubleValue() : null;
    }

    /** Three significant digits, as in docs/benchmarks.md. */
    private static String num(Double v) {
        if (v == null) {
            return "–";
        }
        double a = Math.abs(v);
        String format = a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, v);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String collection(int rows) {
        return "images_bench_store_" + rows + "_v0";
    }

    private static String storeName(VectorStore store) {
        return store instanceof LuceneVectorStore ? LUCENE : MILVUS;
    }

    private static void check(long count, int rows) {
        if (count != rows) {
            throw new IllegalStateException("the store holds " + count + " records, expected " + rows);
        }
    }

    private static double mib(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
            return Percentiles.round(bytes / 1024.0 / 1024.0);
        }
    }

    private static double ms(long startNanos) {
        return Percentiles.round((System.nanoTime() - startNanos) / 1e6);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
