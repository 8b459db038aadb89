package io.clipstream.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.cli.CliRun;
import io.clipstream.events.EventJson;
import io.clipstream.events.EventSchemas;
import io.clipstream.events.ImageUploaded;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.testing.FreePorts;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.TestInfrastructure;
import io.clipstream.testing.TopicReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clipstream publish} against a real Kafka broker, read back as the indexer reads images.uploaded. */
class PublishIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();

    @TempDir
    Path dir;

    String topic;
    Path images;
    Path red;
    Path blue;
    Path png;

    @BeforeEach
    void folder() throws IOException {
        topic = "uploads-" + UUID.randomUUID();
        INFRA.createTopic(topic, 2, Map.of());
        images = Files.createDirectories(dir.resolve("images"));
        Path nested = Files.createDirectories(images.resolve("holiday/beach"));
        red = Files.copy(RepoPaths.resolve("samples/large-red-square-on-grass.jpg"), nested.resolve("red.jpg"));
        blue = Files.copy(RepoPaths.resolve("samples/two-large-blue-circles-on-snow.jpg"), images.resolve("blue.jpeg"));
        png = images.resolve("holiday/dot.png");
        BufferedImage dot = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        dot.setRGB(1, 1, 0xFF0000);
        ImageIO.write(dot, "png", png.toFile());
        // Not images: text, a file named like a JPEG whose bytes are not one, and a link to nowhere.
        Files.writeString(images.resolve("notes.txt"), "shopping list");
        Files.writeString(images.resolve("holiday/corrupt.jpg"), "truncated upload, not a jpeg");
        Files.createSymbolicLink(images.resolve("gone.jpg"), dir.resolve("deleted.jpg"));
        // The same bytes twice: one id, published once.
        Files.copy(red, images.resolve("red-copy.jpg"));
    }

    CliRun publish(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("publish", images.toString(), "--bootstrap-servers",
                INFRA.kafkaBootstrapServers(), "--topic", topic, "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void publishesEveryImageOnceAsTheIndexerExpectsAndReportsTheRest() throws IOException {
        CliRun run = publish("--metadata", "album=summer");

        // The dangling link failed: the run says so with exit 1.
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("published 3 to " + topic)
                .contains("skipped 3 (2 not an image, 1 same content as another file of this run)")
                .contains("failed 1")
                .containsPattern("failed  .*gone\\.jpg: unreadable: dangling symbolic link");

        Map<String, JsonNode> events = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(INFRA.kafkaBootstrapServers(), topic)) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            // What the indexer's UploadParser checks: the key as image id, the value against the schema.
            assertThat(EventSchemas.get().validateImageId(key)).isEmpty();
            JsonNode value = EventJson.mapper().readTree(record.value());
            assertThat(EventSchemas.get().validate(EventSchemas.IMAGE_UPLOADED, value)).as(value.toString()).isEmpty();
            assertThat(events.put(key, value)).as("one record per id").isNull();
        }
        assertThat(events.keySet()).containsExactlyInAnyOrder(sha256(red), sha256(blue), sha256(png));

        ImageUploaded redEvent = EventJson.mapper().treeToValue(events.get(sha256(red)), ImageUploaded.class);
        assertThat(Base64.getDecoder().decode(redEvent.data())).isEqualTo(Files.readAllBytes(red));
        assertThat(redEvent.url()).isNull();
        assertThat(redEvent.contentType()).isEqualTo("image/jpeg");
        // Sorted walk: holiday/beach/red.jpg comes before red-copy.jpg, so it owns the id.
        assertThat(redEvent.metadata()).containsExactlyInAnyOrderEntriesOf(
                Map.of("path", "holiday/beach/red.jpg", "album", "summer"));
        assertThat(redEvent.eventTime()).isEqualTo(Files.getLastModifiedTime(red).toInstant()
                .truncatedTo(ChronoUnit.MILLIS));
        ImageUploaded pngEvent = EventJson.mapper().treeToValue(events.get(sha256(png)), ImageUploaded.class);
        assertThat(pngEvent.contentType()).isEqualTo("image/png");
        assertThat(pngEvent.metadata()).containsEntry("path", "holiday/dot.png");

        // The state file lists exactly the acknowledged records.
        List<String> state = Files.readAllLines(images.resolve(PublishCommand.DEFAULT_STATE_FILE));
        assertThat(state).hasSize(4).first().isEqualTo(PublishState.HEADER);
    }

    @Test
    void resumeRepublishesNothingAndAPlainRunRepublishesTheSameIds() {
        assertThat(publish().exitCode()).isEqualTo(1);
        long after = TopicReader.endOffsetSum(INFRA.kafkaBootstrapServers(), topic);
        assertThat(after).isEqualTo(3);

        CliRun resumed = publish("--resume");
        assertThat(resumed.out()).as(resumed.toString()).contains("published 0")
                .contains("3 already published (resume)");
        assertThat(TopicReader.endOffsetSum(INFRA.kafkaBootstrapServers(), topic)).isEqualTo(after);

        // Without --resume the same files go again under the same ids: a replace, not a duplicate image.
        CliRun again = publish();
        assertThat(again.out()).contains("published 3");
        List<String> keys = TopicReader.readAll(INFRA.kafkaBootstrapServers(), topic).stream()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().toList();
        assertThat(keys).containsExactlyInAnyOrder(sha256(red), sha256(blue), sha256(png));
    }

    @Test
    void urlModeSendsTheRealFileUrlAndPathIds() throws IOException {
        CliRun run = CliRun.run("publish", red.toString(), "--bootstrap-servers", INFRA.kafkaBootstrapServers(),
                "--topic", topic, "--mode", "url", "--id-from", "path", "--id-prefix", "local/", "--state",
                dir.resolve("state").toString(), "-q");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(INFRA.kafkaBootstrapServers(), topic);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("local/red.jpg");
            ImageUploaded event = EventJson.mapper().readValue(r.value(), ImageUploaded.class);
            assertThat(event.url()).isEqualTo(red.toRealPath().toUri().toString()).startsWith("file:///");
            assertThat(event.data()).isNull();
        });
    }

    @Test
    void theApiReportsEachFileToItsListener() throws Exception {
        KafkaClientFactory kafka = KafkaClientFactory.forBootstrap(INFRA.kafkaBootstrapServers());
        List<String> heard = new CopyOnWriteArrayList<>();
        PublishListener listener = new PublishListener() {
            @Override
            public void published(Path file, String imageId) {
                heard.add("published " + images.relativize(file));
            }

            @Override
            public void skipped(Path file, SkipReason reason, String detail) {
                heard.add("skipped " + images.relativize(file) + " " + reason);
            }

            @Override
            public void failed(Path file, String reason) {
                heard.add("failed " + images.relativize(file));
            }
        };

        PublishResult result = new ImagePublisher(kafka, PublishOptions.builder().topic(topic).build())
                .publish(List.of(images), listener);

        assertThat(heard).containsExactlyInAnyOrder("published holiday/beach/red.jpg", "published blue.jpeg",
                "published holiday/dot.png", "skipped notes.txt NOT_AN_IMAGE",
                "skipped holiday/corrupt.jpg NOT_AN_IMAGE", "skipped red-copy.jpg DUPLICATE", "failed gone.jpg");
        assertThat(result.idsByFile()).containsEntry(red.toAbsolutePath().normalize(), sha256(red));
        // No state file was asked for.
        assertThat(images.resolve(PublishCommand.DEFAULT_STATE_FILE)).doesNotExist();
    }

    @Test
    void anEventTooLargeForKafkaFailsThatFileOnly() {
        CliRun run = publish("--kafka-property", "max.request.size=2000");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        // The PNG is tiny; the JPEG samples are over 2000 bytes once base64.
        assertThat(run.out()).contains("published 1").containsPattern("failed  .*blue\\.jpeg: too large for one Kafka record");
    }

    @Test
    void aMissingTopicFailsUnlessCreated() {
        String missing = "missing-" + UUID.randomUUID();
        CliRun refused = CliRun.run("publish", png.toString(), "--bootstrap-servers", INFRA.kafkaBootstrapServers(),
                "--topic", missing, "-q", "--state", dir.resolve("s1").toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("topic " + missing + " does not exist").contains("--create-topic");

        CliRun created = CliRun.run("publish", png.toString(), "--bootstrap-servers", INFRA.kafkaBootstrapServers(),
                "--topic", missing, "-q", "--create-topic", "--state", dir.resolve("s2").toString());
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(TopicReader.endOffsetSum(INFRA.kafkaBootstrapServers(), missing)).isEqualTo(1);
    }

    @Test
    void anUnreachableBootstrapExitsThreeQuickly() {
        String bootstrap = "127.0.0.1:" + FreePorts.pick();
        long start = System.nanoTime();
        CliRun run = CliRun.run("publish", images.toString(), "--bootstrap-servers", bootstrap,
                "--connect-timeout-ms", "2000", "-q");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("cannot reach Kafka at " + bootstrap).contains("--bootstrap-servers");
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        assertThat(images.resolve(PublishCommand.DEFAULT_STATE_FILE)).doesNotExist();
    }

    static String sha256(Path file) {
        try {
            return ImageIds.sha256Hex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
