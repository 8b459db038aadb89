package io.clipstream.indexer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.SyntheticImages;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Milvus goes down: the encode stage keeps filling the embeddings log, the projector waits, readiness says so
 * within a second (from what the indexer keeps, not by waiting out a Milvus call), and when Milvus is back
 * everything published meanwhile is indexed and readiness is up again.
 */
class VectorStoreOutageIT {

    @AutoClose
    private IndexerFixture fixture;
    private QuarkusApp indexer;

    @AfterEach
    void restartMilvus() {
        if (fixture != null && !fixture.infra.milvusRunning()) {
            fixture.infra.startMilvus();
        }
    }

    @Test
    void encodingGoesOnDuringAnOutageAndProjectionCatchesUpAfterIt() {
        fixture = new IndexerFixture("outage", 2);
        assumeTrue(fixture.infra.canRestartMilvus(), "needs a Milvus that restarts on the same address");
        indexer = fixture.start("indexer-outage", Map.of("clipstream.milvus.rpc-deadline-ms", "3000",
                "clipstream.milvus.connect-timeout-ms", "2000"));
        publish(0, 10);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> fixture.rows() == 10);

        fixture.infra.stopMilvus();
        publish(10, 30);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> fixture.read(fixture.embeddings).size() == 30);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> indexer.get("/q/health/ready").statusCode() == 503);
        for (int probe = 0; probe < 5; probe++) {
            long started = System.nanoTime();
            var ready = indexer.get("/q/health/ready");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("readiness during the outage")
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"vector-store\"").contains("DOWN");
        }
        assertThat(indexer.get("/q/health/live").statusCode()).as("an outage is no reason to restart").isEqualTo(200);
        assertThat(indexer.isAlive()).isTrue();

        fixture.infra.startMilvus();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> fixture.rows() == 30);
        assertThat(fixture.store().allIds(fixture.collection)).hasSize(30);
        await().atMost(Duration.ofSeconds(30)).until(() -> indexer.get("/q/health/ready").statusCode() == 200);
        assertThat(fixture.deadLetters()).isEmpty();
        assertThat(fixture.read(fixture.embeddings + ".dlq")).as("an outage refuses no record").isEmpty();
    }

    private void publish(int from, int to) {
        for (int i = from; i < to; i++) {
            fixture.publish("outage-" + i, "{\"data\":\"" + Base64.getEncoder().encodeToString(
                    SyntheticImages.png(128, 96, 7_000 + i)) + "\"}");
        }
    }
}
