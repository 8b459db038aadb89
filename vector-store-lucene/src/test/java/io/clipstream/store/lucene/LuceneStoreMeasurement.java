package io.clipstream.store.lucene;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.filter.FieldType;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.filter.FilterField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.lucene.util.IOUtils;

/**
 * A quick measurement, not a test: upsert throughput in batches of 512 and search latency on 10k 512-d vectors.
 * Run its main with the module's test classpath and {@code --add-modules jdk.incubator.vector}.
 */
public final class LuceneStoreMeasurement {

    private static final int DIMS = 512;
    private static final int SIZE = 10_000;
    private static final int BATCH = 512;
    private static final int QUERIES = 300;
    private static final String COLLECTION = "images_measure_v1";

    private LuceneStoreMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("lucene-measure");
        try {
            List<VectorRecord> records = RandomVectors.records("m", 0, SIZE, DIMS, new Random(1));
            try (LuceneVectorStore store = LuceneVectorStore.open(directory)) {
                store.ensureCollection(new CollectionSpec(COLLECTION, DIMS));
                List<Long> batchMs = new ArrayList<>();
                long start = System.nanoTime();
                for (int from = 0; from < SIZE; from += BATCH) {
                    long t = System.nanoTime();
                    store.upsert(COLLECTION, records.subList(from, Math.min(SIZE, from + BATCH)));
                    batchMs.add((System.nanoTime() - t) / 1_000_000);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("upsert %d x %d-d in batches of %d: %.1f s, %.0f records/s, batch ms %s%n", SIZE,
                        DIMS, BATCH, seconds, SIZE / seconds, batchMs);
                long t = System.nanoTime();
                for (int i = 0; i < 50; i++) {
                    store.upsert(COLLECTION, List.of(records.get(i)));
                }
                System.out.printf("upsert of 1 record (commit-bound): %.1f ms each%n",
                        (System.nanoTime() - t) / 1e6 / 50);
            }
            Filter even = new Filter.Eq(FilterField.metadata("album", FieldType.STRING), "even");
            try (LuceneVectorStore hnsw = LuceneVectorStore.open(directory, 0)) {
                latency("HNSW, top 10", hnsw, records, Filter.NONE, 0);
                latency("HNSW, top 10 of page 5 (offset 40)", hnsw, records, Filter.NONE, 40);
                latency("HNSW, top 10 with a filter keeping half", hnsw, records, even, 0);
            }
            try (LuceneVectorStore exact = LuceneVectorStore.open(directory)) {
                latency("exact scan (default up to " + LuceneVectorStore.EXACT_SEARCH_MAX_DOCS + " docs), top 10",
                        exact, records, Filter.NONE, 0);
                latency("exact scan, top 10 of page 5 (offset 40)", exact, records, Filter.NONE, 40);
                latency("exact scan, top 10 with a filter keeping half", exact, records, even, 0);
            }
        } finally {
            IOUtils.rm(directory);
        }
    }

    private static void latency(String what, LuceneVectorStore store, List<VectorRecord> records, Filter filter,
                                int offset) {
        Random random = new Random(5);
        for (int i = 0; i < 50; i++) {
            store.search(COLLECTION, RandomVectors.unit(random, DIMS), 10, offset, filter);
        }
        long[] micros = new long[QUERIES];
        int found = 0;
        for (int q = 0; q < QUERIES; q++) {
            float[] query = RandomVectors.unit(random, DIMS);
            long t = System.nanoTime();
            List<SearchHit> hits = store.search(COLLECTION, query, 10, offset, filter);
            micros[q] = (System.nanoTime() - t) / 1_000;
            if (q < 30 && filter.isNone()) {
                Set<String> truth = new HashSet<>(bruteForce(records, query, offset + 10).subList(offset,
                        offset + 10));
                found += (int) hits.stream().filter(h -> truth.contains(h.id())).count();
            }
        }
        Arrays.sort(micros);
        System.out.printf("%s: p50 %.2f ms, p99 %.2f ms%s%n", what, micros[QUERIES / 2] / 1e3,
                micros[QUERIES * 99 / 100] / 1e3, filter.isNone() ? String.format(", recall %.3f", found / 300.0)
                        : "");
    }

    private static List<String> bruteForce(List<VectorRecord> records, float[] query, int k) {
        return IntStream.range(0, records.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> RandomVectors.cosine(records.get(i).vector(),
                        query)).reversed())
                .limit(k).map(i -> records.get(i).id()).toList();
    }
}
