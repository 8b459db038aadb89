package io.clipstream.indexer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.events.EmbeddingMessage;
import io.clipstream.indexer.project.ProjectorGroup;
import io.clipstream.indexer.reindex.ReindexData;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorRecord;
import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.SyntheticImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged indexer builds a published model version beside the live one from the embeddings log alone:
 * every image with that version's adapter applied to its base vector, new uploads and deletes reaching both
 * versions, the alias never moved; a version whose adapters are missing waits for them, visible in readiness;
 * a retired version's collection and consumer group go away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReindexIT {

    private static final int IMAGES = 10;

    @TempDir
    static Path registryDir;

    private static IndexerFixture fixture;
    private static QuarkusApp indexer;
    private static AdapterRegistry registry;
    private static final Map<Integer, ResidualAdapter> ADAPTERS = new HashMap<>();

    @BeforeAll
    static void start() {
        fixture = new IndexerFixture("reindex", 3);
        registry = new AdapterRegistry(registryDir);
        indexer = fixture.start("indexer-reindex", Map.of(
                "clipstream.registry.dir", registryDir.toString(),
                "clipstream.projector.max-poll-records", "4",
                "clipstream.projector.failure-initial-backoff-ms", "200",
                "clipstream.projector.failure-max-backoff-ms", "1000",
                "clipstream.reindex.retry-initial-backoff-ms", "200",
                "clipstream.reindex.retry-max-backoff-ms", "1000"));
    }

    @AfterAll
    static void stop() {
        if (indexer != null) {
            indexer.stop();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    void aPublishedVersionIsBuiltBesideTheLiveOneWithItsAdapter() throws Exception {
        for (int i = 0; i < IMAGES; i++) {
            upload("img-" + i, 100 + i);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> fixture.rows() == IMAGES);

        publish(1);

        String v1 = CollectionSpec.nameFor(fixture.modelId, 1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(fixture.rows(v1)).isEqualTo(IMAGES));
        assertAdapted(v1, ADAPTERS.get(1));
        assertThat(fixture.store().aliasTarget(fixture.alias)).as("the live alias never moves")
                .contains(fixture.collection);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(fixture.caughtUp(ProjectorGroup.of(fixture.modelId, 1))).isTrue());
        String ready = indexer.get("/q/health/ready").body();
        assertThat(ready).contains("\"v1\": \"RUNNING, " + IMAGES + " records projected, lag 0\"");
        assertThat(indexer.get("/q/metrics").body())
                .containsPattern("clipstream_projector_records_total\\{op=\"upsert\",version=\"1\"} " + IMAGES)
                .containsPattern("clipstream_projector_records_total\\{op=\"upsert\",version=\"0\"} " + IMAGES)
                .containsPattern("clipstream_projector_lag\\{version=\"1\"} 0")
                .containsPattern("clipstream_projector_lag\\{version=\"0\"} 0");
    }

    @Test
    @Order(2)
    void uploadsAndDeletesReachEveryVersion() throws Exception {
        upload("late", 999);
        fixture.publish("img-0", null);

        String v1 = CollectionSpec.nameFor(fixture.modelId, 1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertThat(fixture.store().allIds(fixture.collection)).contains("late").doesNotContain("img-0");
            assertThat(fixture.store().allIds(v1)).contains("late").doesNotContain("img-0");
        });
        assertThat(fixture.rows(v1)).isEqualTo(IMAGES);
        assertAdapted(v1, ADAPTERS.get(1));
        assertThat(fixture.store().aliasTarget(fixture.alias)).contains(fixture.collection);
    }

    @Test
    @Order(3)
    void aVersionWithoutAdaptersWaitsForThemInPlainSight() throws Exception {
        String v2 = CollectionSpec.nameFor(fixture.modelId, 2);
        fixture.send(fixture.models, ReindexData.publishedKey(fixture.modelId, 2).getBytes(StandardCharsets.UTF_8),
                ReindexData.published(fixture.modelId, 2));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            var ready = indexer.get("/q/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("WAITING_FOR_ADAPTERS")
                    .contains(registry.versionDir(fixture.modelId, 2).resolve(AdapterRegistry.MANIFEST).toString());
        });
        assertThat(indexer.get("/q/metrics").body())
                .containsPattern("clipstream_projector_failures_total\\{kind=\"adapters\",version=\"2\"} [1-9]");
        assertThat(fixture.store().collectionExists(v2)).isFalse();
        assertThat(indexer.isAlive()).isTrue();

        writeAdapters(2);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(fixture.rows(v2)).isEqualTo(IMAGES));
        assertAdapted(v2, ADAPTERS.get(2));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> indexer.get("/q/health/ready").statusCode() == 200);
    }

    @Test
    @Order(4)
    void aTombstoneRetiresAVersion() throws Exception {
        String v1 = CollectionSpec.nameFor(fixture.modelId, 1);
        String group = ProjectorGroup.of(fixture.modelId, 1);
        assertThat(fixture.consumerGroups()).contains(group);

        fixture.send(fixture.models, ReindexData.publishedKey(fixture.modelId, 1).getBytes(StandardCharsets.UTF_8),
                null);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertThat(fixture.store().collectionExists(v1)).as("v1 dropped").isFalse();
            assertThat(fixture.consumerGroups()).as("v1's group deleted").doesNotContain(group);
        });
        String ready = indexer.get("/q/health/ready").body();
        assertThat(ready).doesNotContain("\"v1\"").contains("\"v2\"");
        assertThat(fixture.store().collectionExists(CollectionSpec.nameFor(fixture.modelId, 2))).isTrue();
        assertThat(fixture.store().aliasTarget(fixture.alias)).contains(fixture.collection);
        assertThat(fixture.rows()).isEqualTo(IMAGES);
    }

    private static void upload(String id, int seed) {
        fixture.publish(id, "{\"data\":\"" + Base64.getEncoder().encodeToString(SyntheticImages.png(96, 80, seed))
                + "\"}");
    }

    /** Writes the version's adapters (as the trainer does first), then its PUBLISHED record. */
    private static void publish(int version) {
        writeAdapters(version);
        fixture.send(fixture.models, ReindexData.publishedKey(fixture.modelId, version)
                .getBytes(StandardCharsets.UTF_8), ReindexData.published(fixture.modelId, version));
    }

    private static void writeAdapters(int version) {
        int dims = baseVectors().values().iterator().next().length;
        ResidualAdapter image = ReindexData.randomAdapter(dims, 1_000 + version);
        registry.write(fixture.modelId, version, ReindexData.randomAdapter(dims, version), image, null);
        ADAPTERS.put(version, image);
    }

    /** The latest base vector of every live image id in the embeddings log. */
    private static Map<String, float[]> baseVectors() {
        Map<String, float[]> vectors = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : fixture.read(fixture.embeddings)) {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                vectors.remove(id);
            } else {
                vectors.put(id, EmbeddingMessage.decode(r.value()).vector());
            }
        }
        return vectors;
    }

    /** Every image of the log is in {@code collection}, with the adapter applied to its base vector. */
    private static void assertAdapted(String collection, ResidualAdapter adapter) {
        Map<String, float[]> base = baseVectors();
        List<VectorRecord> stored = fixture.store().get(collection, base.keySet());
        assertThat(stored).extracting(VectorRecord::id).containsExactlyInAnyOrderElementsOf(base.keySet());
        for (VectorRecord r : stored) {
            assertThat(ReindexData.maxDifference(r.vector(), adapter.apply(base.get(r.id())))).as(r.id())
                    .isLessThan(1e-5);
            assertThat(ReindexData.maxDifference(r.vector(), base.get(r.id()))).as(r.id() + " differs from base")
                    .isGreaterThan(1e-2);
        }
    }
}
