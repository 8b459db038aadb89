package io.clipstream.query.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.SyntheticImages;
import io.clipstream.testing.TestInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The thumbnail endpoint of the packaged query API on a real broker: 503 until its view of the thumbnails topic
 * is loaded, then the bytes written to the topic with an ETag that revalidates, 404 after a tombstone, 400 for
 * an id that is not one; a second replica holds the whole view too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThumbnailIT {

    private static final Path RUN_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STARTUP = Duration.ofSeconds(90);

    // Under target/, not the OS temp directory, which Kafka Streams warns may be cleaned under it.
    private static final Path STATE_DIRS = Path.of("target", "kafka-streams-it",
            Long.toString(ProcessHandle.current().pid()));
    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final String TOPIC = "thumbs-" + ProcessHandle.current().pid() + ".images.thumbnails";
    // Ids as the indexer's tests use them: slashes included.
    private static final Map<String, byte[]> THUMBNAILS = new LinkedHashMap<>();
    private static KafkaProducer<String, byte[]> producer;
    private static QuarkusApp first;
    private static QuarkusApp second;

    @BeforeAll
    static void start() {
        producer = KafkaClientFactory.forBootstrap(INFRA.kafkaBootstrapServers()).producer("test",
                new StringSerializer(), new ByteArraySerializer(), Map.of());
        // The topic does not exist yet: the indexer creates it, and the query API must cope until then.
        first = QuarkusApp.start("query-api-thumbnails-1", RUN_JAR, properties("replica-1"), STARTUP);
    }

    @AfterAll
    static void stop() {
        for (QuarkusApp app : new QuarkusApp[] {first, second}) {
            if (app != null) {
                app.stop();
            }
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    @Order(1)
    void answers503WithRetryAfterUntilTheViewIsLoadedAnd400ForABadIdAtOnce() throws Exception {
        HttpResponse<byte[]> notReady = get(first, "inline/1", null);
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.headers().firstValue("Retry-After")).hasValue("5");
        assertProblem(notReady, 503, "https://clipstream.io/problems/unavailable");

        HttpResponse<byte[]> controlCharacter = get(first, "bad\u0001id", null);
        assertThat(controlCharacter.statusCode()).isEqualTo(400);
        JsonNode problem = assertProblem(controlCharacter, 400, "https://clipstream.io/problems/invalid-request");
        assertThat(problem.get("field").asText()).isEqualTo("imageId");
        assertThat(get(first, "x".repeat(513), null).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(2)
    void servesWhatTheTopicHoldsWithAnEtagThatRevalidates() throws Exception {
        INFRA.createTopic(TOPIC, 3, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        for (int i = 0; i < 6; i++) {
            byte[] jpeg = SyntheticImages.jpeg(256, 160 + i, 50 + i);
            String id = (i % 2 == 0 ? "inline/" : "file/photos/") + i;
            THUMBNAILS.put(id, jpeg);
            send(id, jpeg);
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(get(first, "inline/0", null).statusCode()).isEqualTo(200));
        for (Map.Entry<String, byte[]> thumbnail : THUMBNAILS.entrySet()) {
            HttpResponse<byte[]> ok = get(first, thumbnail.getKey(), null);
            assertThat(ok.statusCode()).as(thumbnail.getKey()).isEqualTo(200);
            assertThat(ok.body()).as(thumbnail.getKey()).isEqualTo(thumbnail.getValue());
            assertThat(ok.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            assertThat(ok.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
            assertThat(ok.headers().firstValue("ETag")).get().asString().startsWith("\"").endsWith("\"");
        }

        String id = "file/photos/1";
        String etag = get(first, id, null).headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> notModified = get(first, id, etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get(first, id, "\"other\", W/" + etag).statusCode()).isEqualTo(304);
        assertThat(get(first, id, "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get(first, "inline/0", null).headers().firstValue("ETag")).get().isNotEqualTo(etag);

        byte[] replacement = SyntheticImages.jpeg(200, 100, 999);
        send(id, replacement);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(get(first, id, etag).statusCode()).as("new content, new ETag")
                        .isEqualTo(200));
        assertThat(get(first, id, null).body()).isEqualTo(replacement);
        THUMBNAILS.put(id, replacement);

        // Percent-encoded slashes reach the same image.
        HttpResponse<byte[]> encoded = send(first, "/v1/images/inline%2F2/thumbnail", null);
        assertThat(encoded.statusCode()).isEqualTo(200);
        assertThat(encoded.body()).isEqualTo(THUMBNAILS.get("inline/2"));
    }

    @Test
    @Order(3)
    void aTombstoneMakesIt404WithAProblem() throws Exception {
        send("inline/0", null);
        THUMBNAILS.remove("inline/0");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(get(first, "inline/0", null).statusCode()).isEqualTo(404));
        HttpResponse<byte[]> gone = get(first, "inline/0", null);
        assertThat(gone.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(gone.body())).isEqualTo(JSON.readTree("""
                {"type":"https://clipstream.io/problems/not-found","title":"Not Found","status":404,
                 "detail":"no thumbnail for image inline/0","field":"imageId",
                 "instance":"/v1/images/inline/0/thumbnail"}
                """));
        assertThat(get(first, "never/published", null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void aSecondReplicaWithTheSameApplicationIdHoldsTheWholeView() throws Exception {
        second = QuarkusApp.start("query-api-thumbnails-2", RUN_JAR, properties("replica-2"), STARTUP);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(get(second, "inline/2", null).statusCode()).isEqualTo(200));
        for (Map.Entry<String, byte[]> thumbnail : THUMBNAILS.entrySet()) {
            HttpResponse<byte[]> ok = get(second, thumbnail.getKey(), null);
            assertThat(ok.statusCode()).as(thumbnail.getKey()).isEqualTo(200);
            assertThat(ok.body()).as(thumbnail.getKey()).isEqualTo(thumbnail.getValue());
        }
        assertThat(get(second, "inline/0", null).statusCode()).isEqualTo(404);
        assertThat(first.get("/q/health/live").statusCode()).isEqualTo(200);
    }

    private static Map<String, String> properties(String replica) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", INFRA.kafkaBootstrapServers());
        p.put("clipstream.topics.thumbnails", TOPIC);
        p.put("clipstream.thumbnails.state-dir", STATE_DIRS.resolve(replica).toAbsolutePath().toString());
        p.put("clipstream.model.dir", io.clipstream.testing.RepoPaths.tinyModels().resolve("clip-hf").toString());
        p.put("clipstream.milvus.uri", INFRA.milvusUri());
        p.put("clipstream.topics.models", TOPIC + ".models");
        p.put("clipstream.topics.impressions", TOPIC + ".impressions");
        p.put("clipstream.topics.clicks", TOPIC + ".clicks");
        return p;
    }

    private static void send(String id, byte[] jpeg) throws InterruptedException, ExecutionException {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, id, jpeg);
        if (jpeg != null) {
            record.headers().add("content-type", "image/jpeg".getBytes(StandardCharsets.US_ASCII));
        }
        producer.send(record).get();
    }

    private static HttpResponse<byte[]> get(QuarkusApp app, String imageId, String ifNoneMatch)
            throws IOException, InterruptedException {
        // Slashes stay as they are; everything else an id may hold is percent-encoded.
        String path = URLEncoder.encode(imageId, StandardCharsets.UTF_8).replace("%2F", "/").replace("+", "%20");
        return send(app, "/v1/images/" + path + "/thumbnail", ifNoneMatch);
    }

    private static HttpResponse<byte[]> send(QuarkusApp app, String path, String ifNoneMatch)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .timeout(Duration.ofSeconds(10));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode assertProblem(HttpResponse<byte[]> response, int status, String type) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).isEqualTo(type);
        assertThat(problem.get("detail").asText()).isNotBlank();
        return problem;
    }
}
