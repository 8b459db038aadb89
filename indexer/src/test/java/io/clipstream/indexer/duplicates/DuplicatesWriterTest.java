package io.clipstream.indexer.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.events.EmbeddingMessage;
import io.clipstream.events.EventJson;
import io.clipstream.events.ImageDuplicates;
import io.clipstream.events.ImageEmbedded;
import io.clipstream.events.ImageEvidence;
import io.clipstream.events.VectorEncoding;
import io.clipstream.indexer.project.StoreRetry;
import io.clipstream.indexer.reindex.ReindexData;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.health.StoreHealth;
import io.clipstream.store.lucene.LuceneVectorStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer looks up the neighbours of a whole poll at once: each image must be judged against its own, also when
 * deletes and malformed records sit between the images of the poll. No recent vectors, so only the store links.
 */
class DuplicatesWriterTest {

    private static final int DIMS = 16;

    @TempDir
    Path dir;

    @Test
    void eachImageOfAPollIsJudgedAgainstItsOwnNeighbours() throws Exception {
        Random random = new Random(5);
        float[] a = ReindexData.unitVector(DIMS, random.nextLong());
        float[] b = ReindexData.unitVector(DIMS, random.nextLong());
        ImageEvidence aLooks = evidence(random);
        ImageEvidence bLooks = evidence(random);
        try (LuceneVectorStore store = LuceneVectorStore.open(dir)) {
            store.ensureCollection(new CollectionSpec("live", DIMS));
            store.upsert("live", List.of(record("a-old", a), record("b-old", b)));
            DuplicatesState state = new DuplicatesState("m", 0);
            state.graph().put(new Candidate("a-old", aLooks, 0), List.of());
            state.graph().put(new Candidate("b-old", bLooks, 0), List.of());
            MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                    new ByteArraySerializer());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            StoreRetry retry = new StoreRetry(Backoff.ofMillis(10, 100), new StoreHealth(store, Duration.ofHours(1),
                    Duration.ofSeconds(1)), registry.counter("retries"), "test");
            DuplicatesWriter writer = new DuplicatesWriter(state, new DuplicateRules(0.95, 0.8, 0.9, 600_000),
                    store, "live", 5, retry, new DuplicatesOutput(producer, "out"), Clock.systemUTC());

            writer.project(List.of(
                    new ConsumerRecord<>("log", 0, 0, "gone", null),
                    embedding(1, "a-new", a, aLooks),
                    new ConsumerRecord<>("log", 0, 2, "bad", "not an embedding".getBytes(StandardCharsets.UTF_8)),
                    embedding(3, "b-new", b, bLooks)), delay -> { });

            Map<String, ImageDuplicates> written = new HashMap<>();
            for (ProducerRecord<String, byte[]> r : producer.history()) {
                written.put(r.key(), EventJson.mapper().readValue(r.value(), ImageDuplicates.class));
            }
            assertThat(written.get("a-new").links()).extracting(ImageDuplicates.Link::imageId)
                    .containsExactly("a-old");
            assertThat(written.get("b-new").links()).extracting(ImageDuplicates.Link::imageId)
                    .containsExactly("b-old");
            assertThat(written).doesNotContainKeys("gone", "bad");
        }
    }

    private static ConsumerRecord<String, byte[]> embedding(long offset, String id, float[] vector,
                                                            ImageEvidence evidence) {
        // Another encoding of the same picture: other bytes and pixels, the same looks and nearly the same vector.
        ImageEvidence copy = new ImageEvidence(id + "-bytes", id + "-pixels", evidence.greyThumbnail(), false);
        ImageEmbedded header = new ImageEmbedded(id, "m", DIMS, VectorEncoding.F32LE, null, "image/jpeg", 64, 64,
                Map.of(), Instant.ofEpochMilli(offset), Instant.now(), copy);
        float[] near = vector.clone();
        near[0] += 0.01f;
        return new ConsumerRecord<>("log", 0, offset, id, new EmbeddingMessage(header, near).encode());
    }

    private static VectorRecord record(String id, float[] vector) {
        return new VectorRecord(id, vector, null, null, Map.of(), 0, 0);
    }

    private static ImageEvidence evidence(Random random) {
        byte[] thumbnail = new byte[64];
        random.nextBytes(thumbnail);
        return new ImageEvidence(Long.toHexString(random.nextLong()), Long.toHexString(random.nextLong()),
                HexFormat.of().formatHex(thumbnail), false);
    }
}
