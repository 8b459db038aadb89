package io.clipstream.indexer.project;

import io.clipstream.events.DeadLetter;
import io.clipstream.events.ErrorClass;
import io.clipstream.events.EventJson;
import io.clipstream.events.ImageIndexed;
import io.clipstream.kafka.TopicCreator;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.store.VectorStore;
import io.clipstream.store.health.StoreHealth;
import io.clipstream.testing.TestInfrastructure;
import io.clipstream.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Projector runtimes on the shared Kafka broker and Milvus server, without the rest of the indexer: an embeddings
 * log of its own, its statuses and dead letters (headers as the indexer's {@code DeadLetters} writes them), and
 * the group offsets a trainer would look at.
 */
public final class ProjectorHarness implements AutoCloseable {

    public static final int PARTITIONS = 3;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    public final TestInfrastructure infra = TestInfrastructure.get();
    public final String modelId;
    public final String embeddings;
    public final String deadLetters;
    public final String alias;
    private final String statuses;
    private final KafkaClientFactory kafka;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final List<ProjectorRuntime> runtimes = new ArrayList<>();

    public ProjectorHarness(String name) {
        // "-p": IndexerFixture counts on its own, and a test JVM may hold both with the same name and count.
        String namespace = name + "-" + ProcessHandle.current().pid() + "-p" + COUNTER.incrementAndGet();
        modelId = "m-" + namespace;
        embeddings = namespace + ".images.embeddings." + modelId;
        statuses = namespace + ".images.indexed";
        deadLetters = embeddings + ".dlq";
        alias = "images_" + namespace.replace('-', '_');
        infra.createTopic(embeddings, PARTITIONS, TopicCreator.COMPACT);
        infra.createTopic(statuses, PARTITIONS, TopicCreator.COMPACT);
        infra.createTopic(deadLetters, 1, TopicCreator.DELETE);
        kafka = KafkaClientFactory.forBootstrap(infra.kafkaBootstrapServers());
        producer = kafka.producer("harness-" + namespace, new StringSerializer(), new ByteArraySerializer(),
                Map.of());
        admin = infra.admin();
    }

    /** Settings as the indexer's defaults, with a short session and the given poll interval and batch size. */
    public ProjectorSettings settings(int version, int maxPollRecords, int maxPollIntervalMs) {
        return new ProjectorSettings(embeddings, ProjectorGroup.of(modelId, version), "projector-v" + version,
                maxPollRecords, 6000, maxPollIntervalMs, Backoff.ofMillis(50, 500), Backoff.ofMillis(100, 1000),
                10);
    }

    /** Starts a runtime projecting into {@code target} through {@code store}. */
    public ProjectorRuntime start(ProjectedVersion target, UnaryOperator<float[]> adapter, VectorStore store,
                                  ProjectorSettings settings) {
        ProjectionMeters meters = ProjectionMeters.of(new SimpleMeterRegistry(), target.version());
        StoreHealth health = new StoreHealth(store, Duration.ofHours(1), Duration.ofSeconds(1));
        VersionProjection projection = new VersionProjection(target, adapter, store, new StoreRetry(
                settings.storeBackoff(), health, meters.storeRetries(), "projector v" + target.version()),
                outputs(target.version()), meters);
        ProjectorRuntime runtime = new ProjectorRuntime(projection, kafka, settings);
        runtimes.add(runtime);
        runtime.start();
        return runtime;
    }

    /** Appends records to the embeddings log (a null value is a tombstone) and waits for their acks. */
    public void publish(Map<String, byte[]> records) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        records.forEach((id, value) -> acks.add(send(embeddings, id, value, new RecordHeaders())));
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    }

    public List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        return TopicReader.readAll(infra.kafkaBootstrapServers(), topic);
    }

    public Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        offsets.forEach((tp, offset) -> out.put(tp, offset.offset()));
        return out;
    }

    /** Whether the group committed the end offset of every partition of the log: the version is built. */
    public boolean caughtUp(String group) throws Exception {
        Map<TopicPartition, Long> committed = committed(group);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(embeddings, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                .allMatch(e -> committed.getOrDefault(e.getKey(), -1L) == e.getValue().offset());
    }

    /** The image ids of every log record below the group's committed offset of its partition. */
    public Set<String> idsBelowCommittedOffsets(String group) throws Exception {
        Map<TopicPartition, Long> committed = committed(group);
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : read(embeddings)) {
            Long offset = committed.get(new TopicPartition(r.topic(), r.partition()));
            if (offset != null && r.offset() < offset) {
                ids.add(new String(r.key(), StandardCharsets.UTF_8));
            }
        }
        return ids;
    }

    public Admin admin() {
        return admin;
    }

    private ProjectionOutputs outputs(int version) {
        return new ProjectionOutputs() {
            @Override
            public CompletionStage<Void> deadLetter(ConsumerRecord<String, byte[]> record, ErrorClass errorClass,
                                                    String reason, Exception cause) {
                DeadLetter letter = new DeadLetter(errorClass, reason, cause == null ? null
                        : cause.getClass().getName(), record.topic(), record.partition(), record.offset(),
                        "project-v" + version, Instant.now());
                RecordHeaders headers = new RecordHeaders();
                letter.toHeaders().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
                return send(deadLetters, record.key(), record.value(), headers);
            }

            @Override
            public CompletionStage<Void> status(ImageIndexed event) {
                try {
                    return send(statuses, event.imageId(), EventJson.mapper().writeValueAsBytes(event),
                            new RecordHeaders());
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
        };
    }

    private CompletableFuture<Void> send(String topic, String key, byte[] value, RecordHeaders headers) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, null, key, value, headers), (metadata, e) -> {
            if (e == null) {
                acked.complete(null);
            } else {
                acked.completeExceptionally(e);
            }
        });
        return acked;
    }

    @Override
    public void close() throws InterruptedException {
        for (ProjectorRuntime runtime : runtimes) {
            runtime.stop();
        }
        for (ProjectorRuntime runtime : runtimes) {
            runtime.awaitStopped(Duration.ofSeconds(30));
        }
        producer.close();
        admin.close();
    }
}
