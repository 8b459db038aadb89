package io.clipstream.query.it;

import io.clipstream.kafka.naming.Names;

import io.clipstream.events.EventJson;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.events.ModelVersionEvent.ReindexTarget;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.adapter.EmbeddingAdapter;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.onnx.Device;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.onnx.PixelInput;
import io.clipstream.model.vector.Vectors;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.SyntheticImages;
import io.clipstream.testing.TestInfrastructure;
import io.clipstream.versions.ModelsKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One isolated query API deployment on the shared Kafka broker and Milvus Lite: its own model id, topics,
 * collections and registry folder. Images are embedded here with the same tiny model the API loads, so tests can
 * compute the exact scores the API must return.
 */
final class QueryApiFixture implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final Path RUN_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    static final String API_KEY = "test-admin-key-0123456789";
    static final long BASE_TIME_MS = 1_700_000_000_000L;
    static final String[] COLORS = {"red", "green", "blue"};

    final TestInfrastructure infra = TestInfrastructure.get();
    final String namespace;
    final String modelId;
    final String impressions;
    final String clicks;
    final String models;
    final String duplicates;
    /** Stands in for the indexer's embeddings log: reindex targets and projector offsets refer to it. */
    final String embeddings;
    final Path registry;
    final ClipModel model;
    final MilvusVectorStore store;
    /** Base image embeddings by id, and the images' JPEG bytes. */
    final Map<String, float[]> baseVectors = new LinkedHashMap<>();
    final Map<String, byte[]> jpegs = new LinkedHashMap<>();
    private final List<QuarkusApp> apps = new ArrayList<>();

    QueryApiFixture(String name) {
        namespace = name + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        modelId = "q-" + namespace;
        impressions = namespace + ".search.impressions";
        clicks = namespace + ".search.clicks";
        models = namespace + ".models";
        duplicates = namespace + ".images.duplicates";
        embeddings = namespace + ".embeddings";
        registry = Path.of("target", "registry-" + namespace).toAbsolutePath();
        model = ClipModel.open(RepoPaths.tinyModels().resolve("clip-hf"), ModelOptions.both(
                new ExecutionSettings(Device.CPU, false, 0, 1, 1, false, PixelInput.FLOAT)));
        store = new MilvusVectorStore(MilvusSettings.of(infra.milvusUri()));
    }

    String collection(int version) {
        return CollectionSpec.nameFor(modelId, version);
    }

    /** Embeds {@code count} synthetic images and writes them to version 0's collection with varied metadata. */
    void seed(int count) throws Exception {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        for (int i = 0; i < count; i++) {
            String id = "img-" + i;
            byte[] jpeg = SyntheticImages.jpeg(96, 64, 1000 + i);
            jpegs.put(id, jpeg);
            baseVectors.put(id, model.embedImage(decoder.decode(jpeg)));
        }
        writeVersion(0, EmbeddingAdapter.identity(model.dims()));
        infra.createTopic(embeddings, 1, Map.of("cleanup.policy", "compact"));
        try (KafkaProducer<String, byte[]> producer = kafka().producer("fixture-embeddings", new StringSerializer(),
                new ByteArraySerializer(), Map.of())) {
            for (String id : baseVectors.keySet()) {
                producer.send(new ProducerRecord<>(embeddings, id, new byte[] {1})).get();
            }
        }
    }

    /** Publishes {@code version} as the trainer does: with the embeddings log's end offsets as reindex target. */
    void publish(int version) throws Exception {
        ModelVersionEvent event = new ModelVersionEvent(ModelVersionEvent.Type.PUBLISHED, modelId, version,
                collection(version), null, Instant.now(), new ReindexTarget(embeddings, Map.of(0, endOffset())));
        sendModels(ModelsKeys.of(event), EventJson.mapper().writeValueAsBytes(event));
    }

    /** Commits what the version's projector commits once it has written the whole embeddings log. */
    void projected(int version) {
        try (KafkaConsumer<String, byte[]> consumer = kafka().consumer("fixture-projector",
                new StringDeserializer(), new ByteArrayDeserializer(),
                Map.of("group.id", Names.projectorGroup(modelId, version)))) {
            consumer.commitSync(Map.of(new TopicPartition(embeddings, 0), new OffsetAndMetadata(endOffset())));
        }
    }

    /** The tombstone the trainer's retention writes. */
    void retire(int version) throws Exception {
        sendModels(ModelsKeys.version(modelId, version), null);
    }

    private long endOffset() {
        try (KafkaConsumer<String, byte[]> consumer = kafka().consumer("fixture-offsets", new StringDeserializer(),
                new ByteArrayDeserializer(), Map.of())) {
            TopicPartition p = new TopicPartition(embeddings, 0);
            return consumer.endOffsets(List.of(p), Duration.ofSeconds(30)).get(p);
        }
    }

    private void sendModels(String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = kafka().producer("fixture-models", new StringSerializer(),
                new ByteArraySerializer(), Map.of())) {
            producer.send(new ProducerRecord<>(models, key, value)).get();
        }
    }

    private KafkaClientFactory kafka() {
        return KafkaClientFactory.forBootstrap(infra.kafkaBootstrapServers());
    }

    /**
     * Writes every seeded image, mapped by {@code imageAdapter}, into the collection of {@code version}, with
     * {@code caption} as its text field: "a COLOR picture", except img-7's "a zebra crossing at dusk".
     */
    void writeVersion(int version, EmbeddingAdapter imageAdapter) {
        writeVersion(version, imageAdapter, List.of("caption"));
    }

    /** As {@link #writeVersion(int, EmbeddingAdapter)}, the collection's keyword index on {@code textFields}. */
    void writeVersion(int version, EmbeddingAdapter imageAdapter, List<String> textFields) {
        store.ensureCollection(new CollectionSpec(collection(version), model.dims(), textFields));
        List<VectorRecord> records = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, float[]> e : baseVectors.entrySet()) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("color", COLORS[i % 3]);
            metadata.put("n", i);
            metadata.put("even", i % 2 == 0);
            metadata.put("caption", e.getKey().equals("img-7") ? "a zebra crossing at dusk"
                    : "a " + COLORS[i % 3] + " picture");
            String url = i % 2 == 0 ? "https://images.example/" + e.getKey() + ".jpg" : "";
            records.add(new VectorRecord(e.getKey(), imageAdapter.apply(e.getValue()), url, "image/jpeg", metadata,
                    BASE_TIME_MS + i * 3_600_000L, System.currentTimeMillis()));
            i++;
        }
        store.upsert(collection(version), records);
    }

    /** The normalised base text embedding, as the API computes it before the version's adapter. */
    float[] text(String query) throws Exception {
        return Vectors.normalizeInPlace(model.embedTexts(List.of(query))[0]);
    }

    Map<String, String> properties(Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        p.put("clipstream.milvus.uri", infra.milvusUri());
        p.put("clipstream.model.dir", RepoPaths.tinyModels().resolve("clip-hf").toString());
        p.put("clipstream.model.id", modelId);
        p.put("clipstream.registry.dir", registry.toString());
        p.put("clipstream.topics.impressions", impressions);
        p.put("clipstream.topics.clicks", clicks);
        p.put("clipstream.topics.models", models);
        p.put("clipstream.topics.duplicates", duplicates);
        p.put("clipstream.topics.duplicate-dismissals", duplicates + ".dismissals");
        p.put("clipstream.search.filter-fields.color", "string");
        p.put("clipstream.search.filter-fields.n", "number");
        p.put("clipstream.search.filter-fields.even", "boolean");
        p.put("clipstream.search.alias", "images_" + namespace.replaceAll("[^a-z0-9_]", "_"));
        p.put("clipstream.admin.api-key", API_KEY);
        p.put("clipstream.onnx.intra-op-threads", "1");
        p.putAll(extra);
        return p;
    }

    QuarkusApp start(String name, Map<String, String> extra) {
        Map<String, String> properties = properties(extra);
        // Each replica keeps its own thumbnails view.
        properties.putIfAbsent("clipstream.thumbnails.state-dir",
                Path.of("target", "kafka-streams-" + namespace + "-" + name).toAbsolutePath().toString());
        QuarkusApp app = QuarkusApp.start(name, RUN_JAR, properties, Duration.ofSeconds(90));
        apps.add(app);
        return app;
    }

    @Override
    public void close() {
        apps.forEach(QuarkusApp::stop);
        store.close();
        model.close();
    }
}
