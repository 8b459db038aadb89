package io.clipstream.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several projector threads upsert while HTTP threads search: nothing acknowledged is lost or unseen. */
class LuceneConcurrencyTest {

    private static final int DIMS = 32;
    private static final int WRITERS = 4;
    private static final int BATCHES = 15;
    private static final int BATCH = 64;
    private static final String COLLECTION = "images_concurrent_v1";

    @TempDir
    Path directory;

    @Test
    void concurrentUpsertsLoseNothingAndSearchesSeeEveryAcknowledgedWrite() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
        try (LuceneVectorStore store = LuceneVectorStore.open(directory, 256)) {
            store.ensureCollection(new CollectionSpec(COLLECTION, DIMS));
            AtomicInteger acknowledged = new AtomicInteger();
            ConcurrentLinkedQueue<String> acknowledgedIds = new ConcurrentLinkedQueue<>();
            AtomicReference<String> latest = new AtomicReference<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    Random random = new Random(writer);
                    for (int b = 0; b < BATCHES; b++) {
                        List<VectorRecord> batch = RandomVectors.records("w" + writer + "-", b * BATCH, BATCH, DIMS,
                                random);
                        store.upsert(COLLECTION, batch);
                        batch.forEach(r -> acknowledgedIds.add(r.id()));
                        latest.set(batch.getLast().id());
                        acknowledged.addAndGet(batch.size());
                    }
                    return null;
                }));
            }
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int reader = r;
                readers.add(pool.submit(() -> {
                    Random random = new Random(100 + reader);
                    int searches = 0;
                    do {
                        int before = acknowledged.get();
                        String lastSeen = latest.get();
                        assertThat(store.count(COLLECTION)).isGreaterThanOrEqualTo(before);
                        if (lastSeen != null) {
                            assertThat(store.get(COLLECTION, List.of(lastSeen))).hasSize(1);
                        }
                        List<SearchHit> hits = store.search(COLLECTION, RandomVectors.unit(random, DIMS), 10, 0);
                        assertThat(hits).hasSizeBetween(Math.min(10, before), 10);
                        searches++;
                    } while (writing.get());
                    return searches;
                }));
            }
            for (Future<?> w : writers) {
                w.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            for (Future<Integer> r : readers) {
                assertThat(r.get(1, TimeUnit.MINUTES)).isPositive();
            }

            int expected = WRITERS * BATCHES * BATCH;
            assertThat(store.count(COLLECTION)).isEqualTo(expected);
            Set<String> ids = new HashSet<>(store.allIds(COLLECTION));
            assertThat(ids).hasSize(expected).containsAll(acknowledgedIds);
        } finally {
            pool.shutdownNow();
        }

        try (LuceneVectorStore reopened = LuceneVectorStore.open(directory)) {
            assertThat(reopened.count(COLLECTION)).isEqualTo((long) WRITERS * BATCHES * BATCH);
        }
    }
}
