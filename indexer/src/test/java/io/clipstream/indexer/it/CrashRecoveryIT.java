package io.clipstream.indexer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.testing.QuarkusApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 the indexer in the middle of a stream and start it again: Milvus ends up holding exactly the published
 * images, none lost and none twice, because offsets are committed only behind acknowledged writes.
 */
class CrashRecoveryIT {

    private static final int IMAGES = 400;

    @TempDir
    Path files;

    @AutoClose
    private IndexerFixture fixture;
    private QuarkusApp indexer;

    @Test
    void aKilledIndexerResumesAndTheIndexHoldsExactlyTheStream() throws Exception {
        fixture = new IndexerFixture("crash", 3);
        // Small batches, one decode thread and large pictures: the stream takes long enough to be cut.
        // A short session lets the restarted instance take over the dead member's partitions quickly.
        Map<String, String> slow = Map.of(
                "mp.messaging.incoming.uploads.session.timeout.ms", "6000",
                "clipstream.projector.session-timeout-ms", "6000",
                "mp.messaging.incoming.uploads.max.poll.records", "16",
                "clipstream.projector.max-poll-records", "16",
                "clipstream.encode.max-batch-size", "4",
                "clipstream.encode.decode-threads", "1",
                "clipstream.fetch.file-root", files.toString());
        Set<String> expected = fixture.publishLargeFileImages(files, 20, IMAGES, "crash", 1_000);
        indexer = fixture.start("indexer-crash", slow);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> fixture.appended(fixture.embeddings) >= 60);
        indexer.kill();
        assertThat(fixture.appended(fixture.embeddings)).as("the crash must happen mid-stream").isLessThan(IMAGES);

        indexer.restart(Duration.ofSeconds(90));

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> fixture.rows() == IMAGES);
        assertThat(fixture.store().allIds(fixture.collection)).hasSize(IMAGES)
                .containsExactlyInAnyOrderElementsOf(expected);
        List<ConsumerRecord<byte[], byte[]>> log = fixture.read(fixture.embeddings);
        Set<String> logged = new HashSet<>();
        log.forEach(r -> logged.add(new String(r.key(), StandardCharsets.UTF_8)));
        assertThat(logged).isEqualTo(expected);
        assertThat(log.size()).as("at-least-once: replays may repeat records, never drop them")
                .isGreaterThanOrEqualTo(IMAGES);
        assertThat(fixture.deadLetters()).isEmpty();
    }
}
