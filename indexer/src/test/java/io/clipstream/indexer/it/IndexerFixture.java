package io.clipstream.indexer.it;

import io.clipstream.events.DeadLetter;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.TestInfrastructure;
import io.clipstream.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One isolated indexer deployment on the shared Kafka broker and Milvus Lite server: its own topics, model id,
 * collection and alias, so that test classes do not see each other's data.
 */
final class IndexerFixture implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final Path RUN_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    final TestInfrastructure infra = TestInfrastructure.get();
    final String namespace;
    final String modelId;
    final String uploads;
    final String uploadsDlq;
    final String embeddings;
    final String indexed;
    final String thumbnails;
    final String models;
    final String duplicates;
    final String collection;
    final String alias;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<QuarkusApp> started = new CopyOnWriteArrayList<>();
    private MilvusVectorStore store;

    IndexerFixture(String name, int partitions) {
        namespace = name + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        modelId = "m-" + namespace;
        uploads = namespace + ".images.uploaded";
        uploadsDlq = uploads + ".dlq";
        embeddings = namespace + ".images.embeddings." + modelId;
        indexed = namespace + ".images.indexed";
        thumbnails = namespace + ".images.thumbnails";
        models = namespace + ".models";
        duplicates = namespace + ".images.duplicates";
        collection = CollectionSpec.nameFor(modelId, 0);
        alias = "images_" + namespace.replaceAll("[^a-z0-9_]", "_");
        infra.createTopic(uploads, partitions, Map.of());
        producer = KafkaClientFactory.forBootstrap(infra.kafkaBootstrapServers()).producer("test",
                new ByteArraySerializer(), new ByteArraySerializer(), Map.of());
    }

    /** Indexer settings for this deployment; {@code extra} overrides them. */
    Map<String, String> properties(Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        p.put("clipstream.milvus.uri", infra.milvusUri());
        p.put("clipstream.model.dir", RepoPaths.tinyModels().resolve("clip-hf").toString());
        p.put("clipstream.model.id", modelId);
        p.put("clipstream.topics.uploaded", uploads);
        p.put("clipstream.topics.uploaded-dlq", uploadsDlq);
        p.put("clipstream.topics.embeddings-prefix", namespace + ".images.embeddings.");
        p.put("clipstream.topics.indexed", indexed);
        p.put("clipstream.topics.thumbnails", thumbnails);
        p.put("clipstream.topics.models", models);
        p.put("clipstream.topics.duplicates", duplicates);
        p.put("clipstream.topics.duplicate-dismissals", duplicates + ".dismissals");
        p.put("clipstream.topics.partitions", "3");
        p.put("clipstream.projector.alias", alias);
        p.put("clipstream.projector.retry-max-backoff-ms", "1000");
        p.put("clipstream.encode.max-batch-size", "8");
        p.put("clipstream.onnx.intra-op-threads", "1");
        p.putAll(extra);
        return p;
    }

    /** A packaged indexer on this fixture's topics and collection; {@link #close()} stops it. */
    QuarkusApp start(String name, Map<String, String> extra) {
        QuarkusApp app = QuarkusApp.start(name, RUN_JAR, properties(extra), Duration.ofSeconds(90));
        started.add(app);
        return app;
    }

    /**
     * Writes {@code distinct} large JPEGs into {@code dir} (which must be the indexer's file root) and publishes
     * {@code count} uploads of them by file url, ids {@code <prefix>-0...}: a stream slow enough to be cut.
     *
     * @return the published ids
     */
    Set<String> publishLargeFileImages(Path dir, int distinct, int count, String prefix, int seed)
            throws java.io.IOException {
        List<String> images = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            Path file = dir.resolve("big-" + i + ".jpg");
            java.nio.file.Files.write(file, io.clipstream.testing.SyntheticImages.jpeg(1024, 768, seed + i));
            images.add("{\"url\":\"" + file.toUri() + "\"}");
        }
        Set<String> ids = new java.util.LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            ids.add(id);
            publish(id, images.get(i % images.size()));
        }
        return ids;
    }

    /** The ids the embeddings log holds a record of (each at least once). */
    Set<String> loggedIds() {
        return read(embeddings).stream().map(r -> new String(r.key(), StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
    }

    RecordMetadata publish(String key, String json) {
        return send(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    RecordMetadata send(byte[] key, byte[] value) {
        return send(uploads, key, value);
    }

    RecordMetadata send(String topic, byte[] key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to " + topic + " failed", e.getCause());
        }
    }

    /** Sends every record without waiting for each ack, then waits for all of them. */
    void sendAll(String topic, Map<String, byte[]> records) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        records.forEach((key, value) -> acks.add(producer.send(new ProducerRecord<>(topic,
                key.getBytes(StandardCharsets.UTF_8), value))));
        producer.flush();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to " + topic + " failed", e.getCause());
        }
    }

    MilvusVectorStore store() {
        if (store == null) {
            store = new MilvusVectorStore(MilvusSettings.of(infra.milvusUri()));
        }
        return store;
    }

    /** Rows in the collection, 0 while it does not exist yet. */
    long rows() {
        return rows(collection);
    }

    /**
     * Rows in {@code name}, 0 while it does not exist or is not ready: on a real Milvus a collection the indexer is
     * still setting up exists for a moment before it has an index and is loaded, and a count then fails retryably.
     */
    long rows(String name) {
        try {
            return store().collectionExists(name) ? store().count(name) : 0;
        } catch (VectorStoreException e) {
            if (e.retryable()) {
                return 0;
            }
            throw e;
        }
    }

    /** Records appended to {@code topic} so far. */
    long appended(String topic) {
        return TopicReader.endOffsetSum(infra.kafkaBootstrapServers(), topic);
    }

    List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        return TopicReader.readAll(infra.kafkaBootstrapServers(), topic);
    }

    /** Dead letters by image id (key), each as its header map. */
    Map<String, Map<String, String>> deadLetters() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read(uploadsDlq)) {
            Map<String, String> headers = new HashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
            out.put(r.key() == null ? "<null>" : new String(r.key(), StandardCharsets.UTF_8), headers);
        }
        return out;
    }

    /** The latest record of every image id on the thumbnails topic (a tombstone has a null value). */
    Map<String, ConsumerRecord<byte[], byte[]>> latestThumbnails() {
        Map<String, ConsumerRecord<byte[], byte[]>> latest = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read(thumbnails)) {
            latest.put(new String(r.key(), StandardCharsets.UTF_8), r);
        }
        return latest;
    }

    /** The group's committed offset of each partition it committed. */
    Map<TopicPartition, Long> committed(String group) {
        try (Admin admin = infra.admin()) {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((tp, offset) -> out.put(tp, offset.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of group " + group, e);
        }
    }

    /**
     * What a trainer checks to know a version is built: its group committed the end offset of every partition of
     * the embeddings log.
     */
    boolean caughtUp(String group) {
        Map<TopicPartition, Long> committed = committed(group);
        try (Admin admin = infra.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(embeddings)).allTopicNames().get(30, TimeUnit.SECONDS).get(embeddings)
                    .partitions().forEach(p -> latest.put(new TopicPartition(embeddings, p.partition()),
                            OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .allMatch(e -> committed.getOrDefault(e.getKey(), -1L) == e.getValue().offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + embeddings, e);
        }
    }

    Set<String> consumerGroups() {
        try (Admin admin = infra.admin()) {
            return admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId).collect(Collectors.toSet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list consumer groups", e);
        }
    }

    static String errorClassOf(Map<String, String> headers) {
        return headers.get(DeadLetter.ERROR_CLASS);
    }

    /** Stops the indexers it started (latest first), then its own clients. */
    @Override
    public void close() {
        for (QuarkusApp app : started.reversed()) {
            app.stop();
        }
        producer.close();
        if (store != null) {
            store.close();
        }
    }
}
