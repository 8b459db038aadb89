package io.clipstream.indexer.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.events.EmbeddingMessage;
import io.clipstream.events.ImageEmbedded;
import io.clipstream.events.ImageEvidence;
import io.clipstream.events.VectorEncoding;
import io.clipstream.indexer.project.StoreRetry;
import io.clipstream.indexer.reindex.ReindexData;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import io.clipstream.store.health.StoreHealth;
import io.clipstream.store.lucene.LuceneVectorStore;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.testing.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The duplicates stage's cost: a collection of {@code -Dvectors} (100k) 512-d vectors, one in ten a near copy of
 * another, then {@code -Dprobes} (20k) of them through the stage's writer as the embeddings log would bring them
 * (polls of 512): neighbour search in the store, the recent vectors, the rules and the graph. The output producer
 * acknowledges at once (a MockProducer), so the figure is the stage's own work, not the broker's. A measurement,
 * not a test: {@code ./mvnw verify -pl indexer -am -Dtest=DuplicatesThroughputMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false -DskipITs [-Dstore=lucene|milvus-lite]}.
 */
class DuplicatesThroughputMeasurement {

    private static final int VECTORS = Integer.getInteger("vectors", 100_000);
    private static final int PROBES = Integer.getInteger("probes", 20_000);
    private static final int DIMS = 512;
    private static final String STORE = System.getProperty("store", "lucene");

    @Test
    void measure(@TempDir java.nio.file.Path luceneDir) throws Exception {
        Random random = new Random(42);
        float[][] vectors = new float[VECTORS][];
        ImageEvidence[] evidence = new ImageEvidence[VECTORS];
        for (int i = 0; i < VECTORS; i++) {
            if (i % 10 == 9) {
                vectors[i] = jitter(vectors[i - 1], random);
                evidence[i] = new ImageEvidence(hex(random, 32), hex(random, 32), evidence[i - 1].greyThumbnail(),
                        false);
            } else {
                vectors[i] = ReindexData.unitVector(DIMS, random.nextLong());
                evidence[i] = new ImageEvidence(hex(random, 32), hex(random, 32), hex(random, 64), false);
            }
        }
        String collection = "dupes_throughput_" + ProcessHandle.current().pid();
        try (VectorStore store = open(luceneDir)) {
            long loadStarted = System.nanoTime();
            store.ensureCollection(new CollectionSpec(collection, DIMS));
            List<VectorRecord> chunk = new ArrayList<>();
            for (int i = 0; i < VECTORS; i++) {
                chunk.add(new VectorRecord("img-" + i, vectors[i], null, null, Map.of(), i, i));
                if (chunk.size() == 2000 || i == VECTORS - 1) {
                    store.upsert(collection, chunk);
                    chunk.clear();
                }
            }
            double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;

            DuplicatesState state = new DuplicatesState("m", 4096);
            // Every image before the probes is known to the stage, as after a replay.
            for (int i = 0; i < VECTORS - PROBES; i++) {
                state.graph().put(new Candidate("img-" + i, evidence[i], i), List.of());
            }
            MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                    new ByteArraySerializer());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            StoreRetry retry = new StoreRetry(Backoff.ofMillis(10, 100), new StoreHealth(store, Duration.ofHours(1),
                    Duration.ofSeconds(1)), registry.counter("retries"), "measurement");
            DuplicatesWriter writer = new DuplicatesWriter(state, new DuplicateRules(0.95, 0.8, 0.9, 600_000),
                    store, collection, 20, retry, new DuplicatesOutput(producer, "out"), Clock.systemUTC());
            long started = System.nanoTime();
            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
            for (int i = VECTORS - PROBES; i < VECTORS; i++) {
                ImageEmbedded header = new ImageEmbedded("img-" + i, "m", DIMS, VectorEncoding.F32LE, null,
                        "image/jpeg", 640, 480, Map.of(), Instant.ofEpochMilli(i), Instant.now(), evidence[i]);
                batch.add(new ConsumerRecord<>("log", 0, i, "img-" + i,
                        new EmbeddingMessage(header, vectors[i]).encode()));
                if (batch.size() == 512 || i == VECTORS - 1) {
                    writer.project(batch, delay -> { });
                    batch.clear();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long grouped = producer.history().stream().filter(r -> r.value() != null
                    && new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains("\"near\"")).count();
            System.out.printf("duplicates stage on %s: %d vectors loaded in %.1f s; %d of them through the stage "
                            + "in %.1f s = %.0f vectors/s (neighbours 20, recent 4096); %d records written, %d with "
                            + "a near group%n", STORE, VECTORS, loadSeconds, PROBES, seconds, PROBES / seconds,
                    producer.history().size(), grouped);
            assertThat(grouped).as("near copies found").isGreaterThan(PROBES / 10);
            store.dropCollection(collection);
        }
    }

    /** The store measured; Lucene's in a folder JUnit removes afterwards (a 100k run leaves about 650 MB). */
    private static VectorStore open(java.nio.file.Path luceneDir) {
        return switch (STORE) {
            case "lucene" -> LuceneVectorStore.open(luceneDir);
            case "milvus-lite" -> new MilvusVectorStore(MilvusSettings.of(TestInfrastructure.get().milvusUri()));
            default -> throw new IllegalArgumentException("-Dstore=lucene|milvus-lite, got " + STORE);
        };
    }

    private static float[] jitter(float[] base, Random random) {
        float[] v = base.clone();
        double norm = 0;
        for (int d = 0; d < DIMS; d++) {
            v[d] += (float) (random.nextGaussian() * 0.004);
            norm += v[d] * v[d];
        }
        for (int d = 0; d < DIMS; d++) {
            v[d] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static String hex(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
