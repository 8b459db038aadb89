package io.clipstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.EventJson;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.testing.KafkaBroker;
import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.TestInfrastructure;
import io.clipstream.testing.TopicReader;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three packaged services and the command line on a Kafka broker whose only client listener is SASL_SSL with
 * SCRAM-SHA-512 (users created when its storage was formatted, a CA and a certificate generated for this run): with
 * the settings given once as {@code kafka.*} (services) or in a client.properties file (CLI), publishing, indexing,
 * searching, thumbnails, clicks, click pairs and the trainer's one-off command all work; with a wrong password each
 * of them stops at once with a line naming the listener and the mechanism, instead of retrying.
 */
class SecuredKafkaIT {

    private static final Duration START = Duration.ofSeconds(120);
    /** Far below the 60 s a service waits for a Kafka that does not answer: a refusal is not waited out. */
    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(45);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;

    private static KafkaBroker broker;
    private static final List<QuarkusApp> APPS = new ArrayList<>();
    private final TestInfrastructure infra = TestInfrastructure.get();
    private final String modelId = "secured-" + ProcessHandle.current().pid();
    private final String alias = "images_secured_" + ProcessHandle.current().pid();

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.builder().autoCreateTopics(false).saslSsl().start();
    }

    @AfterAll
    static void stopAll() {
        APPS.forEach(QuarkusApp::stop);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theServicesAndTheCommandLineWorkEndToEndOverSaslSsl() throws Exception {
        Map<String, String> kafka = serviceSettings(password());
        QuarkusApp indexer = start("indexer-secured", "indexer", kafka, Map.of("clipstream.projector.alias", alias));

        Path samples = RepoPaths.resolve("samples");
        long images;
        try (var files = Files.list(samples)) {
            images = files.filter(f -> f.toString().endsWith(".jpg")).count();
        }
        CliJar.Run published = CliJar.run(tmp, "publish", samples.toString(), "--kafka-config",
                clientProperties(password()).toString(), "--state", tmp.resolve("publish.state").toString(),
                "--wait", "--wait-timeout-ms", "120000", "--quiet");
        assertThat(published.exitCode()).as(published.output()).isZero();
        assertThat(published.output()).contains("indexer: " + images + " indexed, 0 refused");

        QuarkusApp queryApi = start("query-api-secured", "query-api", kafka, Map.of(
                "clipstream.search.alias", alias,
                "clipstream.thumbnails.state-dir", tmp.resolve("thumbnails").toString()));
        // Ready: the models-topic follower read the topic through the secured listener too.
        await("query API ready (" + queryApi.logFile() + ")").atMost(START).pollInterval(Duration.ofMillis(200))
                .until(() -> queryApi.get("/q/health/ready").statusCode() == 200);
        String api = "http://127.0.0.1:" + queryApi.httpPort();
        CliJar.Run searched = CliJar.run(tmp, "search", "a red square", "--url", api, "--json");
        assertThat(searched.exitCode()).as(searched.output()).isZero();
        JsonNode answer = EventJson.mapper().readTree(searched.output().substring(searched.output().indexOf('{')));
        String searchId = answer.path("searchId").asText();
        JsonNode first = answer.path("hits").get(0);
        assertThat(first).as("a hit in " + answer).isNotNull();
        String imageId = first.path("imageId").asText();

        // The search was logged, the thumbnail view follows its topic, and a click is acknowledged, all over TLS.
        KafkaClientFactory clients = broker.clients();
        await("the impression on search.impressions").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> TopicReader.readAll(clients, "search.impressions")
                        .stream().anyMatch(r -> searchId.equals(new String(r.key(), StandardCharsets.UTF_8))));
        await("a thumbnail").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> queryApi.get("/v1/images/" + imageId + "/thumbnail").statusCode() == 200);

        QuarkusApp trainer = start("trainer-secured", "trainer", kafka, Map.of("clipstream.trainer.cron", "off",
                "clipstream.trainer.alias", alias,
                "clipstream.pairs.state-dir", tmp.resolve("click-pairs").toString()));
        await("trainer ready (" + trainer.logFile() + ")").atMost(START).pollInterval(Duration.ofMillis(200))
                .until(() -> trainer.get("/q/health/ready").statusCode() == 200);
        HttpResponse<String> click = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/v1/clicks"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"searchId\":\"" + searchId + "\",\"imageId\":\""
                        + imageId + "\",\"rank\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(click.statusCode()).as(click.body()).isEqualTo(202);
        await("the click pair of the topology").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> TopicReader.readAll(clients, "training.click-pairs").stream()
                        .anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(searchId)));

        // The trainer's one-off command mode reaches the cluster the same way.
        QuarkusApp.Exit versions = QuarkusApp.runToExit("trainer-versions-secured", jar("trainer"),
                settings(kafka, Map.of("clipstream.trainer.cron", "off")), List.of("versions"), START);
        assertThat(versions.code()).as(versions.log()).isZero();
        assertThat(versions.log()).contains("active: v0");
        assertThat(indexer.isAlive()).isTrue();
    }

    @Test
    void aWrongPasswordStopsEachServiceAndTheCommandLineAtOnceNamingTheListenerAndTheMechanism() throws Exception {
        Map<String, String> wrong = serviceSettings("not-" + password());
        for (String service : List.of("indexer", "query-api", "trainer")) {
            Map<String, String> extra = service.equals("trainer") ? Map.of("clipstream.trainer.cron", "off") : Map.of();
            QuarkusApp.Exit exit = QuarkusApp.runToExit(service + "-wrong-password", jar(service),
                    settings(wrong, extra), List.of(), START);
            assertThat(exit.code()).as(service + " exit code\n" + exit.log()).isNotZero();
            assertThat(exit.took()).as(service + " stopped").isLessThan(REFUSED_WITHIN);
            assertRefusalLine(service, exit.log());
        }
        CliJar.Run refused = CliJar.run(tmp, "publish", RepoPaths.resolve("samples").toString(), "--kafka-config",
                clientProperties("not-" + password()).toString(), "--quiet");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.took()).isLessThan(REFUSED_WITHIN);
        assertRefusalLine("clipstream publish", refused.output());
    }

    private static void assertRefusalLine(String who, String log) {
        String line = log.lines().filter(l -> l.contains("refused the credentials")).findFirst()
                .orElseThrow(() -> new AssertionError(who + " logged no refusal:\n" + log));
        assertThat(line).as(who).contains("Kafka listener " + broker.bootstrapServers() + " (SASL_SSL, SCRAM-SHA-512)")
                .doesNotContain("not-" + password());
    }

    private QuarkusApp start(String name, String module, Map<String, String> kafka, Map<String, String> extra) {
        QuarkusApp app = QuarkusApp.start(name, jar(module), settings(kafka, extra), START);
        APPS.add(app);
        return app;
    }

    private Map<String, String> settings(Map<String, String> kafka, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>(kafka);
        p.put("clipstream.milvus.uri", infra.milvusUri());
        p.put("clipstream.model.dir", RepoPaths.tinyModels().resolve("clip-hf").toString());
        p.put("clipstream.model.id", modelId);
        p.put("clipstream.registry.dir", tmp.resolve("registry").toString());
        p.put("clipstream.onnx.intra-op-threads", "1");
        p.put("clipstream.topics.partitions", "2");
        p.putAll(extra);
        return p;
    }

    /** The services' settings: every client setting as {@code kafka.*}, given once. */
    private static Map<String, String> serviceSettings(String password) {
        Map<String, String> kafka = new LinkedHashMap<>();
        broker.clientSettings(KafkaBroker.SaslSsl.CLIENT_USER, password)
                .forEach((key, value) -> kafka.put("kafka." + key, String.valueOf(value)));
        return kafka;
    }

    /** What a user keeps in a client.properties file for the CLI. */
    private static Path clientProperties(String password) throws IOException {
        Properties properties = new Properties();
        broker.clientSettings(KafkaBroker.SaslSsl.CLIENT_USER, password)
                .forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
        Path file = tmp.resolve("client-" + UUID.randomUUID() + ".properties");
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "SASL_SSL client settings");
        }
        return file;
    }

    private static String password() {
        return broker.saslSsl().orElseThrow().users().get(KafkaBroker.SaslSsl.CLIENT_USER);
    }

    private static Path jar(String module) {
        return RepoPaths.resolve(module + "/target/quarkus-app/quarkus-run.jar");
    }
}
