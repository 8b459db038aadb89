package io.clipstream.indexer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.SyntheticImages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kill -9 the indexer in the middle of a stream and start it again: Milvus ends up holding exactly the published
 * images, none lost and none twice, because offsets are committed only behind acknowledged writes.
 */
class CrashRecoveryIT {

    private static final int IMAGES = 400;

    private IndexerFixture fixture;
    private QuarkusApp indexer;

    @AfterEach
    void stop() {
        if (indexer != null) {
            indexer.stop();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aKilledIndexerResumesAndTheIndexHoldsExactlyTheStream() {
        fixture = new IndexerFixture("crash", 3);
        Map<String, String> slow = Map.of(
                "mp.messaging.incoming.uploads.max.poll.records", "16",
                "mp.messaging.incoming.embeddings.max.poll.records", "16",
                "clipstream.encode.max-batch-size", "4");
        indexer = fixture.start("indexer-crash", slow);
        Set<String> expected = new HashSet<>();
        List<String> images = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> "{\"data\":\"" + Base64.getEncoder().encodeToString(
                        SyntheticImages.jpeg(480, 360, 1_000 + i)) + "\"}").toList();
        for (int i = 0; i < IMAGES; i++) {
            String id = "crash-" + i;
            expected.add(id);
            fixture.publish(id, images.get(i % images.size()));
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> fixture.rows() >= 40);
        indexer.kill();
        long atCrash = fixture.rows();
        assertThat(atCrash).as("the crash must happen mid-stream").isLessThan(IMAGES);

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
