package io.clipstream.indexer.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.indexer.reindex.ReindexData;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * How fast one projector runtime fills a collection from a ready embeddings log (3 partitions, 512-d vectors,
 * polls of 512) on the shared Milvus server. A measurement, not a test: run it by name,
 * {@code ./mvnw verify -pl indexer -am -Dtest=ProjectorThroughputMeasurement -Dsurefire.failIfNoSpecifiedTests=false
 * -DskipITs}.
 */
class ProjectorThroughputMeasurement {

    private static final int RECORDS = Integer.getInteger("records", 20_000);
    private static final int DIMS = 512;

    @Test
    void measure() throws Exception {
        try (ProjectorHarness harness = new ProjectorHarness("throughput");
             MilvusVectorStore store = new MilvusVectorStore(MilvusSettings.of(harness.infra.milvusUri()))) {
            Map<String, byte[]> log = new LinkedHashMap<>();
            for (int i = 0; i < RECORDS; i++) {
                log.put("img-" + i, ReindexData.embedding("img-" + i, harness.modelId,
                        ReindexData.unitVector(DIMS, i)));
            }
            harness.publish(log);
            long started = System.nanoTime();
            ProjectorRuntime runtime = harness.start(ProjectedVersion.base(harness.modelId, 0, harness.alias),
                    UnaryOperator.identity(), store, harness.settings(0, 512, 300_000));
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> harness.caughtUp(ProjectorGroup.of(harness.modelId, 0)));
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(store.count(CollectionSpec.nameFor(harness.modelId, 0))).isEqualTo(RECORDS);
            System.out.printf("projector v0: %d records of %d-d in %.1f s = %.0f records/s (group join included)%n",
                    RECORDS, DIMS, seconds, RECORDS / seconds);
            runtime.stop();
        }
    }
}
