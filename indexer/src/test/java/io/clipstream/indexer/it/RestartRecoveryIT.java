package io.clipstream.indexer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.testing.QuarkusApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 the packaged indexer mid-stream and start it again under the same replica id (static group membership,
 * {@code clipstream.kafka.group-instance-id}) with Kafka's default 45 s session timeout: both stages make progress
 * again within seconds of the restart, instead of after the dead member's session expired, and the index still
 * holds exactly the published images.
 *
 * <p>{@code -Dclipstream.it.membership=dynamic|static|consumer|consumer-static} measures the other ways (dynamic
 * membership, the KIP-848 consumer protocol, both together); the numbers go to
 * {@code target/restart-recovery.txt}. Only {@code static} (the default, what the services use) is held to 10 s.
 */
class RestartRecoveryIT {

    private static final Logger LOG = Logger.getLogger(RestartRecoveryIT.class);
    private static final int IMAGES = 240;
    private static final Duration RECOVERY = Duration.ofSeconds(10);

    @TempDir
    Path files;

    @AutoClose
    private IndexerFixture fixture;
    private QuarkusApp indexer;

    @Test
    void aRestartedReplicaResumesWithinSecondsAndTheIndexHoldsExactlyTheStream() throws Exception {
        String membership = System.getProperty("clipstream.it.membership", "static");
        fixture = new IndexerFixture("restart", 3);
        Map<String, String> settings = new HashMap<>(Map.of(
                // Small batches and large pictures on one decode thread: the stream outlasts a restart.
                "mp.messaging.incoming.uploads.max.poll.records", "8",
                "clipstream.projector.max-poll-records", "8",
                "clipstream.encode.max-batch-size", "4",
                "clipstream.encode.decode-threads", "1",
                "clipstream.fetch.file-root", files.toString()));
        settings.putAll(membershipSettings(membership));
        Set<String> expected = fixture.publishLargeFileImages(files, 12, IMAGES, "restart", 2_000);
        indexer = fixture.start("indexer-restart-" + membership, settings);
        // Killed on the encode stage's progress: it is the slow one (large pictures, one decode thread), so the
        // kill lands mid-stream for both stages however fast the projector keeps up.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> fixture.appended(fixture.embeddings) >= 24);

        indexer.kill();
        long encoded = fixture.appended(fixture.embeddings);
        long projected = fixture.rows();
        assertThat(encoded).as("the kill must happen mid-stream").isLessThan(IMAGES);
        indexer.restart(Duration.ofSeconds(90));
        long started = System.nanoTime();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> fixture.appended(fixture.embeddings) > encoded);
        Duration encodeResumed = Duration.ofNanos(System.nanoTime() - started);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> fixture.rows() > projected);
        Duration projectionResumed = Duration.ofNanos(System.nanoTime() - started);
        record(membership, encodeResumed, projectionResumed);

        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                .until(() -> fixture.rows() == IMAGES);
        assertThat(fixture.store().allIds(fixture.collection)).hasSize(IMAGES)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(fixture.loggedIds()).isEqualTo(expected);
        assertThat(fixture.deadLetters()).isEmpty();
        if (membership.equals("static")) {
            assertThat(encodeResumed).as("encoding resumed after the restart (" + indexer.logFile() + ")")
                    .isLessThan(RECOVERY);
            assertThat(projectionResumed).as("projection resumed after the restart (" + indexer.logFile() + ")")
                    .isLessThan(RECOVERY);
        }
    }

    private static Map<String, String> membershipSettings(String membership) {
        String replica = "indexer-replica-" + ProcessHandle.current().pid();
        return switch (membership) {
            case "dynamic" -> Map.of();
            case "static" -> Map.of("clipstream.kafka.group-instance-id", replica);
            case "consumer" -> Map.of("kafka.group.protocol", "consumer");
            case "consumer-static" -> Map.of("kafka.group.protocol", "consumer",
                    "clipstream.kafka.group-instance-id", replica);
            default -> throw new IllegalArgumentException("clipstream.it.membership: dynamic, static, consumer or "
                    + "consumer-static, got " + membership);
        };
    }

    private static void record(String membership, Duration encode, Duration projection) throws IOException {
        String line = String.format("%s: encoding resumed %d ms, projection resumed %d ms after the restarted "
                + "indexer logged \"started\"%n", membership, encode.toMillis(), projection.toMillis());
        LOG.info(line.strip());
        Files.writeString(Path.of("target", "restart-recovery.txt"), line, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
