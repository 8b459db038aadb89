package io.clipstream.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.cli.CliRun;
import io.clipstream.events.ErrorClass;
import io.clipstream.events.EventJson;
import io.clipstream.events.ImageIndexed;
import io.clipstream.events.IndexStatus;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish --wait}: the indexer's reports on a real broker, only those written after the run began. */
class IndexWaiterIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();

    @TempDir
    Path dir;

    @Test
    void readsOnlyReportsWrittenAfterItStartedAndNamesRefusals() throws Exception {
        String statusTopic = "indexed-" + UUID.randomUUID();
        INFRA.createTopic(statusTopic, 3, Map.of());
        KafkaClientFactory kafka = KafkaClientFactory.forBootstrap(INFRA.kafkaBootstrapServers());
        try (KafkaProducer<String, byte[]> producer = kafka.producer("test", new StringSerializer(),
                new ByteArraySerializer(), Map.of())) {
            // An old report about "b" (from an earlier upload) must not count for this run.
            send(producer, statusTopic, ImageIndexed.stored("b", IndexStatus.INDEXED, "m", 0, "c", Instant.now()));
            try (IndexWaiter waiter = IndexWaiter.fromEnd(kafka, statusTopic, Duration.ofSeconds(10))) {
                send(producer, statusTopic, ImageIndexed.stored("a", IndexStatus.INDEXED, "m", 0, "c", Instant.now()));
                send(producer, statusTopic, ImageIndexed.rejected("b", ErrorClass.CORRUPT_IMAGE, "truncated JPEG",
                        Instant.now()));
                send(producer, statusTopic, ImageIndexed.stored("x", IndexStatus.INDEXED, "m", 0, "c", Instant.now()));
                Map<String, IndexWaiter.Status> found = waiter.await(Set.of("a", "b", "never"), Duration.ofSeconds(3),
                        done -> { });
                assertThat(found).containsOnlyKeys("a", "b");
                assertThat(found.get("a").refused()).isFalse();
                assertThat(found.get("b")).isEqualTo(new IndexWaiter.Status("REJECTED", "truncated JPEG"));
            }
        }
    }

    @Test
    void withoutAnIndexerTheWaitEndsWithExitOneAndSaysWhatIsMissing() throws Exception {
        String uploads = "uploads-" + UUID.randomUUID();
        String statusTopic = "indexed-" + UUID.randomUUID();
        INFRA.createTopic(uploads, 1, Map.of());
        INFRA.createTopic(statusTopic, 1, Map.of());
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.copy(RepoPaths.resolve("samples/large-red-square-on-grass.jpg"), images.resolve("red.jpg"));

        CliRun run = CliRun.run("publish", images.toString(), "--bootstrap-servers", INFRA.kafkaBootstrapServers(),
                "--topic", uploads, "--quiet", "--wait", "--status-topic", statusTopic, "--wait-timeout-ms", "1500");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("published 1", "indexer: 0 indexed, 0 refused, 1 not reported within 1500 ms");
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, ImageIndexed status)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, status.imageId(), EventJson.mapper().writeValueAsBytes(status)))
                .get();
    }
}
