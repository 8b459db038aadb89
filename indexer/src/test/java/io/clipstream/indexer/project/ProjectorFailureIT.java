package io.clipstream.indexer.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.indexer.reindex.ReindexData;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A projector whose batches keep failing for a reason nobody classified (here an adapter that throws) consumes
 * them again a few times, then gives up: its thread ends, it says DIED, liveness sees it, and nothing was committed.
 * It never retries forever, and it never stops silently.
 */
class ProjectorFailureIT {

    private static final int BUDGET = 3;

    private final ProjectorHarness harness = new ProjectorHarness("failure");
    private final MilvusVectorStore store = new MilvusVectorStore(MilvusSettings.of(harness.infra.milvusUri()));

    @AfterEach
    void tearDown() throws InterruptedException {
        harness.close();
        store.close();
    }

    @Test
    void batchesThatKeepFailingEndTheProjectorAfterItsBudgetWithoutACommit() throws Exception {
        Map<String, byte[]> log = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            log.put("img-" + i, ReindexData.embedding("img-" + i, harness.modelId, ReindexData.unitVector(8, i)));
        }
        harness.publish(log);
        String group = ProjectorGroup.of(harness.modelId, 1);
        ProjectorSettings settings = new ProjectorSettings(harness.embeddings, group, "projector-v1", 10, 6000, 10_000,
                Backoff.ofMillis(50, 200), Backoff.ofMillis(50, 200), BUDGET);

        ProjectorRuntime runtime = harness.start(ProjectedVersion.beside(harness.modelId, 1), vector -> {
            throw new IllegalStateException("this adapter is broken");
        }, store, settings);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> runtime.status().state() == ProjectorRuntime.State.DIED);
        assertThat(runtime.awaitStopped(Duration.ofSeconds(10))).as("its thread ended").isTrue();
        assertThat(runtime.isHealthy()).as("liveness sees a projector that gave up").isFalse();
        assertThat(runtime.status().lastError()).contains("this adapter is broken");
        assertThat(harness.idsBelowCommittedOffsets(group)).as("no record's offset was committed").isEmpty();
        assertThat(store.collectionExists(ProjectedVersion.beside(harness.modelId, 1).collection())).isFalse();
    }
}
