package io.clipstream.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HNSW path against brute force on random unit vectors, the hardest case for a graph (no clusters to follow),
 * and the exact path against the same brute force.
 */
class LuceneRecallTest {

    private static final int DIMS = 64;
    private static final int SIZE = 4_000;
    private static final int QUERIES = 100;
    private static final int K = 10;
    private static final String COLLECTION = "images_recall_v1";

    @TempDir
    static Path directory;

    private static List<VectorRecord> records;

    @BeforeAll
    static void index() {
        records = RandomVectors.records("r", 0, SIZE, DIMS, new Random(7));
        try (LuceneVectorStore store = LuceneVectorStore.open(directory)) {
            store.ensureCollection(new CollectionSpec(COLLECTION, DIMS));
            for (int from = 0; from < SIZE; from += 512) {
                store.upsert(COLLECTION, records.subList(from, Math.min(SIZE, from + 512)));
            }
        }
    }

    @Test
    void hnswRecallAtTenIsAtLeastNinetyFivePercent() {
        Random random = new Random(11);
        int found = 0;
        try (LuceneVectorStore store = LuceneVectorStore.open(directory, 0)) {
            for (int q = 0; q < QUERIES; q++) {
                float[] query = RandomVectors.unit(random, DIMS);
                List<SearchHit> hits = store.search(COLLECTION, query, K, 0);
                Set<String> truth = new HashSet<>(bruteForce(query, K));
                found += (int) hits.stream().filter(h -> truth.contains(h.id())).count();
                assertTrueCosines(hits, query);
            }
        }
        double recall = found / (double) (QUERIES * K);
        assertThat(recall).as("recall@%d of HNSW on %d random %d-d unit vectors", K, SIZE, DIMS)
                .isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void exactSearchIsTheBruteForceRanking() {
        Random random = new Random(12);
        try (LuceneVectorStore store = LuceneVectorStore.open(directory, SIZE)) {
            for (int q = 0; q < 20; q++) {
                float[] query = RandomVectors.unit(random, DIMS);
                List<SearchHit> page = store.search(COLLECTION, query, K, 5);
                assertThat(page).extracting(SearchHit::id).isEqualTo(bruteForce(query, 15).subList(5, 15));
                assertTrueCosines(page, query);
            }
        }
    }

    private static void assertTrueCosines(List<SearchHit> hits, float[] query) {
        for (SearchHit hit : hits) {
            int i = Integer.parseInt(hit.id().substring(1));
            assertThat(hit.similarity()).isCloseTo(RandomVectors.cosine(records.get(i).vector(), query),
                    within(1e-5));
        }
    }

    private static List<String> bruteForce(float[] query, int k) {
        return IntStream.range(0, SIZE).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> RandomVectors.cosine(records.get(i).vector(), query))
                        .reversed())
                .limit(k).map(i -> records.get(i).id()).toList();
    }
}
