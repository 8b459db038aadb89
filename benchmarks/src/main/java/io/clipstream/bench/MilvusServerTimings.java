package io.clipstream.bench;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.testing.MilvusServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * What the tests pay for each Milvus server of the harness (issue #12): Milvus Lite against the real Milvus 2.3.5
 * standalone server, through the store adapter the services use. Start, collection creation (create, HNSW index,
 * load), upserts of 50 and 500 512-d rows, strong-consistency count, top-20 search and get, a stop and a restart on
 * the same data. Medians of {@code --rounds} repetitions (milliseconds), one table row per server.
 * <p>
 * Usage: {@code bin/bench-milvus-servers [--rounds 5]}.
 */
public final class MilvusServerTimings {

    private static final int DIMS = 512;

    private MilvusServerTimings() {
    }

    public static void main(String[] argv) throws Exception {
        int rounds = BenchArgs.parse(argv).getInt("rounds", 5);
        List<Map<String, Long>> rows = new ArrayList<>();
        for (MilvusServer.Kind kind : MilvusServer.Kind.values()) {
            rows.add(measure(kind, rounds));
        }
        System.out.println("| server | " + String.join(" | ", rows.getFirst().keySet()) + " |");
        System.out.println("|---" + "|---:".repeat(rows.getFirst().size()) + "|");
        List<MilvusServer.Kind> kinds = Arrays.asList(MilvusServer.Kind.values());
        for (int i = 0; i < rows.size(); i++) {
            List<String> cells = rows.get(i).values().stream().map(String::valueOf).toList();
            System.out.println("| " + kinds.get(i).name().toLowerCase() + " | " + String.join(" | ", cells) + " |");
        }
    }

    private static Map<String, Long> measure(MilvusServer.Kind kind, int rounds) {
        Map<String, Long> ms = new LinkedHashMap<>();
        long started = System.nanoTime();
        try (MilvusServer server = kind.startNew();
             MilvusVectorStore store = new MilvusVectorStore(MilvusSettings.of(server.uri()))) {
            ms.put("start", millisSince(started));
            Random random = new Random(7);
            // The first call also connects the client: not part of any operation's time.
            store.listCollections();
            List<String> collections = new ArrayList<>();
            ms.put("create+index+load", median(rounds, () -> {
                String name = "timing_" + collections.size();
                collections.add(name);
                store.ensureCollection(new CollectionSpec(name, DIMS));
                return name;
            }));
            String c = collections.getFirst();
            int[] batch = {0};
            ms.put("upsert 50", median(rounds, () -> {
                store.upsert(c, rows("b" + batch[0]++ + "-", 50, random));
                return c;
            }));
            ms.put("upsert 500", median(rounds, () -> {
                store.upsert(c, rows("b" + batch[0]++ + "-", 500, random));
                return c;
            }));
            ms.put("count", median(rounds, () -> store.count(c)));
            ms.put("search top-20", median(rounds, () -> store.search(c, vector(random), 20, 0, Filter.NONE)));
            ms.put("get 3", median(rounds, () -> store.get(c, List.of("b0-1", "b1-2", "b2-3"))));
            long stopping = System.nanoTime();
            server.stop();
            ms.put("stop", millisSince(stopping));
            long restarting = System.nanoTime();
            server.start();
            ms.put("restart", millisSince(restarting));
            long first = System.nanoTime();
            long count = store.count(c);
            ms.put("first count after restart", millisSince(first));
            if (count != 50L * rounds + 500L * rounds) {
                throw new IllegalStateException(kind + " lost rows across the restart: " + count);
            }
        }
        return ms;
    }

    private static long median(int rounds, Supplier<?> operation) {
        long[] times = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            operation.get();
            times[i] = millisSince(t);
        }
        Arrays.sort(times);
        return times[rounds / 2];
    }

    private static List<VectorRecord> rows(String prefix, int n, Random random) {
        List<VectorRecord> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new VectorRecord(prefix + i, vector(random), "file:///x.jpg", "image/jpeg",
                    Map.of("album", "a" + (i % 7)), 1_780_000_000_000L, 1_780_000_000_000L));
        }
        return rows;
    }

    private static float[] vector(Random random) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
