package io.clipstream.bench;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.milvus.MilvusVectorStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Fills the collection the query API searches with random unit vectors and metadata shaped like the indexer's
 * (and the query API's integration tests'): the search cost depends on the row count and dimension, not on
 * where the vectors came from.
 */
final class CollectionSeeder {

    private static final int BATCH = 1000;
    private static final long BASE_TIME_MS = 1_700_000_000_000L;
    private static final String[] COLORS = {"red", "green", "blue"};

    private CollectionSeeder() {
    }

    static void fill(MilvusVectorStore store, String collection, int dims, int rows, long seed)
            throws InterruptedException {
        fill(store, collection, dims, rows, seed, List.of());
    }

    /**
     * As {@link #fill(MilvusVectorStore, String, int, int, long)}, each row with a {@code caption}: a prompt of
     * {@link Prompts}, whose few hundred words make common words match many rows, as real captions do.
     *
     * @param captions one per row, indexed for keyword search; empty for rows without
     */
    static void fill(MilvusVectorStore store, String collection, int dims, int rows, long seed, List<String> captions)
            throws InterruptedException {
        store.ensureCollection(new CollectionSpec(collection, dims, captions.isEmpty() ? List.of()
                : List.of("caption")));
        Random random = new Random(seed);
        for (int start = 0; start < rows; start += BATCH) {
            List<VectorRecord> batch = new ArrayList<>(BATCH);
            for (int i = start; i < Math.min(rows, start + BATCH); i++) {
                String id = "img-" + i;
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("color", COLORS[i % 3]);
                metadata.put("n", i);
                metadata.put("even", i % 2 == 0);
                if (!captions.isEmpty()) {
                    metadata.put("caption", captions.get(i));
                }
                String url = i % 2 == 0 ? "https://images.example/" + id + ".jpg" : "";
                batch.add(new VectorRecord(id, randomUnit(random, dims), url, "image/jpeg", metadata,
                        BASE_TIME_MS + i * 3_600_000L, System.currentTimeMillis()));
            }
            store.upsert(collection, batch);
        }
        while (store.count(collection) < rows) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    static float[] randomUnit(Random random, int dims) {
        float[] v = new float[dims];
        double norm = 0;
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dims; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
