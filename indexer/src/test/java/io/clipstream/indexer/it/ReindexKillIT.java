package io.clipstream.indexer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.indexer.project.ProjectorGroup;
import io.clipstream.indexer.reindex.ReindexData;
import io.clipstream.kafka.TopicCreator;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.testing.QuarkusApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 the indexer in the middle of a reindex (the deterministic variant is VersionProjectorCrashIT): the live
 * version keeps serving, the new version's committed offsets never run ahead of its collection, and after a
 * restart the new version completes with every image exactly once.
 */
class ReindexKillIT {

    private static final int IMAGES = 2000;
    private static final int DIMS = 32;

    @TempDir
    Path registryDir;

    @AutoClose
    private IndexerFixture fixture;
    private QuarkusApp indexer;

    @Test
    void aKilledReindexLeavesTheLiveVersionServingAndResumesAfterARestart() {
        fixture = new IndexerFixture("reindex-kill", 3);
        fixture.infra.createTopic(fixture.embeddings, 3, TopicCreator.COMPACT);
        Map<String, float[]> base = new LinkedHashMap<>();
        Map<String, byte[]> log = new LinkedHashMap<>();
        for (int i = 0; i < IMAGES; i++) {
            String id = "img-" + i;
            base.put(id, ReindexData.unitVector(DIMS, i));
            log.put(id, ReindexData.embedding(id, fixture.modelId, base.get(id)));
        }
        fixture.sendAll(fixture.embeddings, log);
        // Projector only; tiny batches make the reindex long enough to be cut; a short session lets the restarted
        // instance take over the dead member's partitions quickly.
        Map<String, String> settings = new HashMap<>(Map.of(
                "clipstream.encode.enabled", "false",
                "clipstream.registry.dir", registryDir.toString(),
                "clipstream.projector.max-poll-records", "5",
                "clipstream.projector.session-timeout-ms", "6000"));
        indexer = fixture.start("indexer-reindex-kill", settings);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> fixture.rows() == IMAGES);

        ResidualAdapter image = ReindexData.randomAdapter(DIMS, 7);
        new AdapterRegistry(registryDir).write(fixture.modelId, 1, ReindexData.randomAdapter(DIMS, 6), image, null);
        fixture.send(fixture.models, ReindexData.publishedKey(fixture.modelId, 1).getBytes(StandardCharsets.UTF_8),
                ReindexData.published(fixture.modelId, 1));
        String v1 = CollectionSpec.nameFor(fixture.modelId, 1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> fixture.rows(v1) >= 100);
        indexer.kill();

        long partial = fixture.rows(v1);
        assertThat(partial).as("the kill must happen mid-reindex").isLessThan(IMAGES);
        assertThat(fixture.store().aliasTarget(fixture.alias)).contains(fixture.collection);
        List<SearchHit> hits = fixture.store().search(fixture.alias, base.get("img-42"), 3, 0);
        assertThat(hits).as("the live version still answers").isNotEmpty();
        assertThat(hits.getFirst().id()).isEqualTo("img-42");
        Set<String> claimed = idsBelowCommittedOffsets(ProjectorGroup.of(fixture.modelId, 1));
        assertThat(claimed.size()).as("committed offsets cover only what was written").isLessThanOrEqualTo(
                (int) partial);
        assertAdapted(v1, claimed, base, image);

        // The replacement instance takes normal batches: the cut only needed small ones.
        settings.put("clipstream.projector.max-poll-records", "512");
        indexer = fixture.start("indexer-reindex-kill-replacement", settings);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> fixture.caughtUp(ProjectorGroup.of(fixture.modelId, 1)));
        List<String> ids = fixture.store().allIds(v1);
        assertThat(ids).as("every image exactly once").hasSize(IMAGES).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(base.keySet());
        assertAdapted(v1, base.keySet(), base, image);
        assertThat(fixture.store().aliasTarget(fixture.alias)).contains(fixture.collection);
        assertThat(fixture.rows()).isEqualTo(IMAGES);
    }

    private Set<String> idsBelowCommittedOffsets(String group) {
        Map<TopicPartition, Long> committed = fixture.committed(group);
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : fixture.read(fixture.embeddings)) {
            Long offset = committed.get(new TopicPartition(r.topic(), r.partition()));
            if (offset != null && r.offset() < offset) {
                ids.add(new String(r.key(), StandardCharsets.UTF_8));
            }
        }
        return ids;
    }

    private void assertAdapted(String collection, Collection<String> ids, Map<String, float[]> base,
                               ResidualAdapter adapter) {
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            List<VectorRecord> stored = fixture.store().get(collection, chunk);
            assertThat(stored).as("stored rows among " + chunk.size() + " ids").hasSize(chunk.size());
            for (VectorRecord r : stored) {
                assertThat(ReindexData.maxDifference(r.vector(), adapter.apply(base.get(r.id())))).as(r.id())
                        .isLessThan(1e-5);
            }
        }
    }
}
