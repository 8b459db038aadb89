package io.clipstream.indexer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.clipstream.events.DeadLetter;
import io.clipstream.events.EmbeddingMessage;
import io.clipstream.events.EventJson;
import io.clipstream.events.ImageIndexed;
import io.clipstream.events.IndexStatus;
import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.vector.Vectors;
import io.clipstream.store.VectorRecord;
import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.SyntheticImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexer end to end, as a packaged application on a real broker and a real Milvus-protocol server: good
 * images of every source kind land in Milvus with the encoder's vectors, every class of bad input lands in the
 * dead-letter topic with its reason, inline and file: images get a thumbnail, and updates and deletes follow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EncodeAndProjectIT {

    @TempDir
    static Path files;

    private static IndexerFixture fixture;
    private static QuarkusApp indexer;
    private static HttpServer server;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final Map<String, byte[]> GOOD = new LinkedHashMap<>();
    private static final Map<String, String> BAD = new LinkedHashMap<>();
    private static final Map<String, RecordMetadata> BAD_OFFSETS = new LinkedHashMap<>();
    private static final Map<String, byte[]> HTTP_IMAGES = new ConcurrentHashMap<>();
    private static ClipModel model;

    @BeforeAll
    static void start() throws IOException {
        fixture = new IndexerFixture("e2e", 3);
        serveImages();
        indexer = fixture.start("indexer-e2e", Map.of(
                "clipstream.fetch.allowed-internal", "127.0.0.1",
                "clipstream.fetch.file-root", files.toString(),
                "clipstream.fetch.read-timeout-ms", "1500",
                "clipstream.decode.max-pixels", "4000000",
                "clipstream.decode.max-bytes", "2000000"));
        model = ClipModel.open(RepoPaths.tinyModels().resolve("clip-hf"),
                ModelOptions.only(Tower.VISION, ExecutionSettings.cpu(1)));
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        if (indexer != null) {
            indexer.stop();
        }
        if (server != null) {
            server.stop(0);
        }
        if (model != null) {
            model.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    void goodImagesAreIndexedWithTheEncodersVectorsAndBadOnesAreDeadLettered() throws Exception {
        publishGoodImages();
        publishBadInputs();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(fixture.rows()).isEqualTo(GOOD.size());
            assertThat(fixture.deadLetters()).hasSize(BAD.size());
        });

        assertThat(fixture.store().allIds(fixture.collection)).containsExactlyInAnyOrderElementsOf(GOOD.keySet());
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        for (VectorRecord stored : fixture.store().get(fixture.collection, GOOD.keySet())) {
            float[] expected = model.embedImage(decoder.decode(GOOD.get(stored.id())));
            assertThat(Vectors.dot(stored.vector(), expected)).as(stored.id()).isGreaterThan(0.99999);
            assertThat(stored.metadata()).containsEntry("source", "e2e");
        }
        assertThat(fixture.store().aliasTarget(fixture.alias)).contains(fixture.collection);

        Map<String, Map<String, String>> letters = fixture.deadLetters();
        for (Map.Entry<String, String> bad : BAD.entrySet()) {
            Map<String, String> headers = letters.get(bad.getKey());
            assertThat(headers).as("dead letter of " + bad.getKey()).isNotNull();
            assertThat(IndexerFixture.errorClassOf(headers)).as(bad.getKey()).isEqualTo(bad.getValue());
            assertThat(headers.get(DeadLetter.REASON)).isNotBlank();
            RecordMetadata origin = BAD_OFFSETS.get(bad.getKey());
            assertThat(headers).containsEntry(DeadLetter.TOPIC, fixture.uploads)
                    .containsEntry(DeadLetter.PARTITION, Integer.toString(origin.partition()))
                    .containsEntry(DeadLetter.OFFSET, Long.toString(origin.offset()));
        }

        Map<String, IndexStatus> statuses = latestStatuses();
        GOOD.keySet().forEach(id -> assertThat(statuses).containsEntry(id, IndexStatus.INDEXED));
        BAD.keySet().stream().filter(id -> !id.equals("<null>"))
                .forEach(id -> assertThat(statuses).containsEntry(id, IndexStatus.REJECTED));

        List<ConsumerRecord<byte[], byte[]>> log = fixture.read(fixture.embeddings);
        assertThat(log).hasSize(GOOD.size());
        EmbeddingMessage first = EmbeddingMessage.decode(log.getFirst().value());
        assertThat(first.header().baseModelId()).isEqualTo(fixture.modelId);
        assertThat(first.header().dims()).isEqualTo(model.dims());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, ConsumerRecord<byte[], byte[]>> thumbnails = fixture.latestThumbnails();
            for (String id : GOOD.keySet()) {
                assertThat(thumbnails).as("thumbnails topic").containsKey(id);
                if (id.startsWith("http/")) {
                    assertThat(thumbnails.get(id).value()).as(id + " is shown from its url: no thumbnail").isNull();
                } else {
                    assertThumbnailOf(thumbnails.get(id), GOOD.get(id));
                }
            }
        });
        assertThat(indexer.get("/q/health/ready").statusCode()).isEqualTo(200);
        String metrics = indexer.get("/q/metrics").body();
        assertThat(metrics).contains("clipstream_encode_batch_size").contains("clipstream_dlq_records_total")
                .contains("clipstream_encode_records_total{outcome=\"embedded\"")
                .contains("clipstream_thumbnails_records_total{outcome=\"written\"")
                .contains("kafka_consumer_fetch_manager_records_lag");
    }

    @Test
    @Order(2)
    void republishingAnIdReplacesItsVectorAndATombstoneDeletesIt() throws Exception {
        String updated = GOOD.keySet().stream().filter(k -> k.startsWith("inline")).findFirst().orElseThrow();
        String deleted = GOOD.keySet().stream().filter(k -> k.startsWith("file")).findFirst().orElseThrow();
        byte[] replacement = SyntheticImages.png(300, 200, 9_999);
        float[] before = fixture.store().get(fixture.collection, List.of(updated)).getFirst().vector();
        float[] expected = model.embedImage(new ImageDecoder(DecodeLimits.defaults()).decode(replacement));
        assertThat(Vectors.dot(before, expected)).isLessThan(0.9999);

        fixture.publish(updated, inline(replacement));
        fixture.publish(deleted, null);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(fixture.store().get(fixture.collection, List.of(deleted))).isEmpty();
            float[] now = fixture.store().get(fixture.collection, List.of(updated)).getFirst().vector();
            assertThat(Vectors.dot(now, expected)).isGreaterThan(0.99999);
        });
        assertThat(fixture.rows()).isEqualTo(GOOD.size() - 1);
        assertThat(latestStatuses()).containsEntry(deleted, IndexStatus.DELETED);
        List<ConsumerRecord<byte[], byte[]>> log = fixture.read(fixture.embeddings);
        assertThat(log.stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(deleted))
                .map(ConsumerRecord::value).toList()).last().isNull();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, ConsumerRecord<byte[], byte[]>> thumbnails = fixture.latestThumbnails();
            assertThat(thumbnails.get(deleted).value()).as("tombstone of " + deleted).isNull();
            assertThumbnailOf(thumbnails.get(updated), replacement);
        });
    }

    /** A JPEG labelled as such, the original scaled to a longer side of 256 (all originals here are larger). */
    private static void assertThumbnailOf(ConsumerRecord<byte[], byte[]> record, byte[] original) throws IOException {
        String id = new String(record.key(), StandardCharsets.UTF_8);
        assertThat(record.value()).as("thumbnail of " + id).isNotNull();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(record.value()));
        assertThat(image).as("thumbnail of " + id + " decodes").isNotNull();
        BufferedImage source = ImageIO.read(new ByteArrayInputStream(original));
        int longer = Math.max(source.getWidth(), source.getHeight());
        assertThat(Math.max(image.getWidth(), image.getHeight())).as(id).isEqualTo(256);
        assertThat(image.getWidth()).as(id).isEqualTo(Math.round(source.getWidth() * 256f / longer));
        assertThat(image.getHeight()).as(id).isEqualTo(Math.round(source.getHeight() * 256f / longer));
        assertThat(record.headers().lastHeader("content-type").value()).asString(StandardCharsets.US_ASCII)
                .isEqualTo("image/jpeg");
    }

    private static void publishGoodImages() throws IOException {
        for (int i = 0; i < 6; i++) {
            byte[] png = SyntheticImages.png(320 + 16 * i, 240, 100 + i);
            String id = "inline/" + i;
            GOOD.put(id, png);
            fixture.publish(id, inline(png));
        }
        for (int i = 0; i < 6; i++) {
            byte[] jpeg = SyntheticImages.jpeg(640, 480, 200 + i);
            Path file = files.resolve("photo-" + i + ".jpg");
            Files.write(file, jpeg);
            String id = "file/" + i;
            GOOD.put(id, jpeg);
            fixture.publish(id, byUrl(file.toUri().toString()));
        }
        for (int i = 0; i < 6; i++) {
            byte[] jpeg = SyntheticImages.jpeg(480, 640, 300 + i);
            HTTP_IMAGES.put("/img/" + i + ".jpg", jpeg);
            String id = "http/" + i;
            GOOD.put(id, jpeg);
            fixture.publish(id, byUrl(base() + "/img/" + i + ".jpg"));
        }
    }

    private static void publishBadInputs() throws IOException {
        Files.write(files.resolve("empty.jpg"), new byte[0]);
        byte[] jpeg = SyntheticImages.jpeg(320, 240, 7);
        bad(null, "{\"url\":\"https://example.org/a.jpg\"}", "MISSING_KEY");
        bad("malformed-json", "{\"url\": ", "MALFORMED_JSON");
        bad("url-and-data", "{\"url\":\"https://example.org/a.jpg\",\"data\":\"AAAA\"}", "INVALID_FIELD");
        bad("bad-scheme", "{\"url\":\"ftp://example.org/a.jpg\"}", "INVALID_FIELD");
        bad("not-base64", "{\"data\":\"@@@@ not base64 @@@@\"}", "INVALID_FIELD");
        bad("unsupported-format", inline("this is plain text, not an image".getBytes(StandardCharsets.UTF_8)),
                "UNSUPPORTED_FORMAT");
        bad("zero-bytes", byUrl(files.resolve("empty.jpg").toUri().toString()), "EMPTY_IMAGE");
        bad("truncated-jpeg", inline(Arrays.copyOf(jpeg, jpeg.length / 2)), "CORRUPT_IMAGE");
        byte[] garbage = new byte[4000];
        new java.util.Random(3).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        garbage[2] = (byte) 0xFF;
        bad("corrupt-jpeg", inline(garbage), "CORRUPT_IMAGE");
        bad("too-many-pixels", inline(SyntheticImages.encode(new java.awt.image.BufferedImage(2500, 2000,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png")), "TOO_MANY_PIXELS");
        bad("payload-too-large", byUrl(base() + "/huge.jpg"), "PAYLOAD_TOO_LARGE");
        bad("fetch-404", byUrl(base() + "/missing.jpg"), "FETCH_FAILED");
        bad("fetch-timeout", byUrl(base() + "/hang.jpg"), "FETCH_TIMEOUT");
        bad("private-address", byUrl("http://10.11.12.13/cat.jpg"), "FORBIDDEN_URL");
        bad("outside-file-root", byUrl(Path.of("/etc/hostname").toUri().toString()), "FORBIDDEN_URL");
    }

    private static void bad(String id, String json, String errorClass) {
        String key = id == null ? "<null>" : id;
        BAD.put(key, errorClass);
        BAD_OFFSETS.put(key, fixture.publish(id, json));
    }

    private static Map<String, IndexStatus> latestStatuses() throws IOException {
        Map<String, IndexStatus> statuses = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : fixture.read(fixture.indexed)) {
            ImageIndexed event = EventJson.mapper().readValue(r.value(), ImageIndexed.class);
            statuses.put(event.imageId(), event.status());
        }
        return statuses;
    }

    private static String inline(byte[] bytes) {
        return "{\"data\":\"" + Base64.getEncoder().encodeToString(bytes) + "\",\"metadata\":{\"source\":\"e2e\"}}";
    }

    private static String byUrl(String url) {
        return "{\"url\":\"" + url + "\",\"metadata\":{\"source\":\"e2e\"}}";
    }

    private static void serveImages() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/img/", exchange -> {
            byte[] body = HTTP_IMAGES.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.createContext("/huge.jpg", exchange -> {
            // The declared length alone must make the indexer refuse it: the body never comes.
            exchange.sendResponseHeaders(200, 3_000_000);
            exchange.getResponseBody().flush();
            awaitRelease();
            exchange.close();
        });
        server.createContext("/missing.jpg", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/hang.jpg", exchange -> {
            awaitRelease();
            exchange.close();
        });
        server.start();
    }

    private static void awaitRelease() {
        try {
            RELEASE.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
