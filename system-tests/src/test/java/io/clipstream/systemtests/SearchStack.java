package io.clipstream.systemtests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.events.EventJson;
import io.clipstream.events.ImageIndexed;
import io.clipstream.events.IndexStatus;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.events.SearchClick;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.model.calibration.RelevanceCalibration;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.store.CollectionSpec;
import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.TestInfrastructure;
import io.clipstream.testing.TopicReader;
import io.clipstream.versions.ModelsKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The whole search path as it runs in production: the packaged indexer and query API as child JVMs on the shared
 * Kafka broker and Milvus Lite server. Topics and the model id carry a namespace of their own, so a run sees only
 * its own images, searches and clicks.
 */
final class SearchStack implements AutoCloseable {

    private static final ObjectMapper JSON = EventJson.mapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    final TestInfrastructure infra = TestInfrastructure.get();
    private static final java.util.concurrent.atomic.AtomicInteger STACKS = new java.util.concurrent.atomic.AtomicInteger();

    final String namespace = "ui-" + ProcessHandle.current().pid() + "-" + STACKS.incrementAndGet();
    final String modelId = "m-" + namespace;
    final String uploads = namespace + ".images.uploaded";
    final String indexed = namespace + ".images.indexed";
    final String impressions = namespace + ".search.impressions";
    final String clicks = namespace + ".search.clicks";
    final String models = namespace + ".models";
    final String thumbnails = namespace + ".images.thumbnails";
    final String clickPairs = namespace + ".training.click-pairs";
    final String embeddings = namespace + ".images.embeddings." + modelId;
    final String duplicates = namespace + ".images.duplicates";
    final String apiKey = UUID.randomUUID().toString();
    /** The model registry every service of this stack shares. */
    final String registry = target("registry-" + namespace);
    /** The "live version" alias of this run, instead of the shared default {@code images}. */
    final String alias = "images_" + namespace.replace('-', '_');
    private final KafkaProducer<byte[], byte[]> producer;
    private final Path modelDir;
    private QuarkusApp indexer;
    private QuarkusApp queryApi;
    private QuarkusApp trainer;

    /** A stack on the random tiny CLIP (models/tiny/clip-hf). */
    SearchStack() {
        this(RepoPaths.tinyModels().resolve("clip-hf"));
    }

    /** A stack whose three services all run the model in {@code modelDir}. */
    SearchStack(Path modelDir) {
        this.modelDir = modelDir;
        infra.createTopic(uploads, 2, Map.of());
        infra.createTopic(clicks, 2, Map.of());
        infra.createTopic(impressions, 2, Map.of());
        infra.createTopic(models, 1, Map.of("cleanup.policy", "compact"));
        producer = KafkaClientFactory.forBootstrap(infra.kafkaBootstrapServers()).producer("test",
                new ByteArraySerializer(), new ByteArraySerializer(), Map.of());
    }

    void startIndexer() {
        startIndexer(Map.of());
    }

    /** As {@link #startIndexer()}, with settings of the test's own (e.g. the duplicates stage's thresholds). */
    void startIndexer(Map<String, String> overrides) {
        Map<String, String> p = common();
        p.put("clipstream.topics.uploaded", uploads);
        p.put("clipstream.topics.uploaded-dlq", uploads + ".dlq");
        p.put("clipstream.topics.embeddings-prefix", namespace + ".images.embeddings.");
        p.put("clipstream.topics.indexed", indexed);
        p.put("clipstream.topics.thumbnails", thumbnails);
        p.put("clipstream.topics.partitions", "2");
        p.put("clipstream.projector.alias", alias);
        p.put("clipstream.encode.max-batch-size", "8");
        p.put("clipstream.onnx.intra-op-threads", "1");
        p.put("clipstream.fetch.allowed-internal", "127.0.0.1"); // the test's image server
        p.put("clipstream.topics.models", models);
        p.put("clipstream.registry.dir", registry);
        p.putAll(overrides);
        indexer = QuarkusApp.start("indexer-ui", RepoPaths.resolve("indexer/target/quarkus-app/quarkus-run.jar"), p,
                START_TIMEOUT);
    }

    /** Started once the images are indexed, so the query API finds its collection at start-up. */
    void startQueryApi() {
        startQueryApi(Map.of());
    }

    /** As {@link #startQueryApi()}, with settings of the test's own (e.g. filterable metadata fields). */
    void startQueryApi(Map<String, String> overrides) {
        Map<String, String> p = common();
        p.put("clipstream.topics.impressions", impressions);
        p.put("clipstream.topics.clicks", clicks);
        p.put("clipstream.topics.models", models);
        p.put("clipstream.topics.thumbnails", thumbnails);
        p.put("clipstream.thumbnails.state-dir", target("kafka-streams-" + namespace));
        p.put("clipstream.admin.api-key", apiKey);
        p.put("clipstream.registry.dir", registry);
        p.put("clipstream.search.alias", alias);
        p.put("clipstream.onnx.intra-op-threads", "1");
        p.putAll(overrides);
        queryApi = QuarkusApp.start("query-api-ui", RepoPaths.resolve("query-api/target/quarkus-app/quarkus-run.jar"),
                p, START_TIMEOUT);
        // "started" comes before the model is loaded from the models topic; searches wait for readiness.
        await("query API ready (" + logOf(queryApi) + ")").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> queryApi.get("/q/health/ready").statusCode() == 200);
    }

    /**
     * The trainer service: the click-pair topology runs, cycles start only on demand (no schedule), and a published
     * version is activated once reindexed. {@code overrides} tune the learning and the gate for a small test.
     */
    void startTrainer(Map<String, String> overrides) {
        Map<String, String> p = common();
        p.put("clipstream.topics.impressions", impressions);
        p.put("clipstream.topics.clicks", clicks);
        p.put("clipstream.topics.click-pairs", clickPairs);
        p.put("clipstream.topics.pair-stats", namespace + ".training.pair-stats");
        p.put("clipstream.topics.models", models);
        p.put("clipstream.topics.embeddings-prefix", namespace + ".images.embeddings.");
        p.put("clipstream.topics.partitions", "2");
        p.put("clipstream.pairs.application-id", "click-pairs-" + namespace);
        p.put("clipstream.pairs.state-dir", target("click-pairs-" + namespace));
        p.put("clipstream.registry.dir", registry);
        p.put("clipstream.admin.api-key", apiKey);
        p.put("clipstream.trainer.cron", "off");
        p.put("clipstream.trainer.alias", alias);
        p.put("clipstream.onnx.intra-op-threads", "1");
        p.putAll(overrides);
        trainer = QuarkusApp.start("trainer-" + namespace, RepoPaths.resolve(
                "trainer/target/quarkus-app/quarkus-run.jar"), p, START_TIMEOUT);
        await("trainer ready (" + logOf(trainer) + ")").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> trainer.get("/q/health/ready").statusCode() == 200);
    }

    QuarkusApp trainer() {
        return trainer;
    }

    String trainerUrl() {
        return "http://127.0.0.1:" + trainer.httpPort();
    }

    private Map<String, String> common() {
        Map<String, String> p = new LinkedHashMap<>();
        // The indexer's duplicates stage writes them, the query API serves them and writes dismissals.
        p.put("clipstream.topics.duplicates", duplicates);
        p.put("clipstream.topics.duplicate-dismissals", duplicates + ".dismissals");
        p.put("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        p.put("clipstream.milvus.uri", infra.milvusUri());
        p.put("clipstream.model.dir", modelDir.toString());
        p.put("clipstream.model.id", modelId);
        return p;
    }

    /** A folder under this module's build output: `clean` removes it, a failed run leaves it to look at. */
    private static String target(String name) {
        return Path.of("target", name).toAbsolutePath().toString();
    }

    /** Status of the query API's thumbnail of an image (503 until its view of the thumbnails topic caught up). */
    int thumbnailStatus(String imageId) {
        return queryApi.get("/v1/images/" + imageId + "/thumbnail").statusCode();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + queryApi.httpPort();
    }

    QuarkusApp queryApi() {
        return queryApi;
    }

    /** Publishes an image inline (base64), the way a producer without a URL to point at would. */
    void publishInline(String imageId, byte[] jpeg, Map<String, Object> metadata) {
        publish(imageId, Map.of("data", Base64.getEncoder().encodeToString(jpeg), "contentType", "image/jpeg",
                "metadata", metadata));
    }

    /** Publishes an image by URL: the indexer downloads it. */
    void publishUrl(String imageId, String url, Map<String, Object> metadata) {
        publish(imageId, Map.of("url", url, "metadata", metadata));
    }

    private void publish(String imageId, Map<String, Object> value) {
        send(uploads, imageId, value);
    }

    /** Sends one JSON record and waits for the broker's acknowledgement. */
    private void send(String topic, String key, Object value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                    JSON.writeValueAsBytes(value))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("sending " + key + " to " + topic + " failed", e.getCause());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the indexer has reported every one of {@code ids} as stored. */
    void awaitIndexed(Collection<String> ids) {
        await("images indexed (" + logs() + ")").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> indexedIds().containsAll(ids));
    }

    /** Waits until the query API serves the thumbnail of every one of {@code ids} (its view caught up). */
    void awaitThumbnails(Collection<String> ids) {
        await("thumbnails served (" + logs() + ")").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> ids.stream().allMatch(id -> thumbnailStatus(id) == 200));
    }

    /**
     * Publishes {@code version} as the trainer does, with identity adapters (its scores are the base model's) and
     * {@code calibration} in its manifest: registry folder, then PUBLISHED with the embeddings log's end offsets as
     * the reindex target, which the running indexer projects into the version's collection.
     */
    void publishCalibratedVersion(int version, RelevanceCalibration calibration) {
        int d;
        try (ClipModel model = ClipModel.open(modelDir,
                ModelOptions.both(ExecutionSettings.cpu(1)))) {
            d = model.dims();
        }
        var identity = new ResidualAdapter(d, new float[d * d], new float[d], 1f);
        var manifest = JSON.createObjectNode();
        manifest.set(AdapterRegistry.CALIBRATION, JSON.valueToTree(calibration));
        new AdapterRegistry(Path.of(registry)).write(modelId, version, identity, identity,
                manifest);
        Map<Integer, Long> ends = new LinkedHashMap<>();
        try (var consumer = KafkaClientFactory.forBootstrap(infra.kafkaBootstrapServers()).consumer("test-offsets",
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), Map.of())) {
            var partitions = consumer.partitionsFor(embeddings, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(embeddings, p.partition())).toList();
            consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach((p, end) -> ends.put(p.partition(), end));
        }
        var event = new ModelVersionEvent(ModelVersionEvent.Type.PUBLISHED,
                modelId, version, CollectionSpec.nameFor(modelId, version), null,
                Instant.now(), new ModelVersionEvent.ReindexTarget(embeddings, ends));
        send(models, ModelsKeys.of(event), event);
    }

    /** Ids the indexer reported as stored in Milvus (latest status per image on images.indexed). */
    Set<String> indexedIds() {
        Map<String, ImageIndexed> latest = new LinkedHashMap<>();
        TopicReader.readAll(infra.kafkaBootstrapServers(), indexed).forEach(r -> latest.put(
                new String(r.key(), StandardCharsets.UTF_8), read(r.value(), ImageIndexed.class)));
        return latest.entrySet().stream().filter(e -> e.getValue().status() == IndexStatus.INDEXED)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** Clicks logged on search.clicks so far, with the record key (the search id) checked against the value. */
    List<SearchClick> clicks() {
        return TopicReader.readAll(infra.kafkaBootstrapServers(), clicks).stream().map(r -> {
            SearchClick click = read(r.value(), SearchClick.class);
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (!key.equals(click.searchId())) {
                throw new AssertionError("click keyed " + key + " but for search " + click.searchId());
            }
            return click;
        }).toList();
    }

    /** Pages of a search that were logged as impressions (records keyed by the search id). */
    Set<Integer> impressionPages(String searchId) {
        return TopicReader.readAll(infra.kafkaBootstrapServers(), impressions).stream()
                .filter(r -> searchId.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .map(r -> read(r.value(), JsonNode.class).path("page").asInt())
                .collect(Collectors.toSet());
    }

    /** Where the app logs are, for failure messages. */
    String logs() {
        return "indexer log " + logOf(indexer) + ", query API log " + logOf(queryApi)
                + (trainer == null ? "" : ", trainer log " + logOf(trainer));
    }

    private static Path logOf(QuarkusApp app) {
        return app == null ? null : app.logFile().toAbsolutePath();
    }

    private static <T> T read(byte[] json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not a " + type.getSimpleName() + ": "
                    + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    @Override
    public void close() {
        if (trainer != null) {
            trainer.stop();
        }
        if (queryApi != null) {
            queryApi.stop();
        }
        if (indexer != null) {
            indexer.stop();
        }
        producer.close();
    }
}
