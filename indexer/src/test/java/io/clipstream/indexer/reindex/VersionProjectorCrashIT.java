package io.clipstream.indexer.reindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.events.ErrorClass;
import io.clipstream.events.EventJson;
import io.clipstream.events.ImageIndexed;
import io.clipstream.indexer.project.ProjectedVersion;
import io.clipstream.indexer.project.ProjectionMeters;
import io.clipstream.indexer.project.ProjectionOutputs;
import io.clipstream.indexer.project.ProjectorGroup;
import io.clipstream.indexer.project.RetryingStore;
import io.clipstream.indexer.project.StoreHealth;
import io.clipstream.indexer.project.VersionAdapter;
import io.clipstream.indexer.project.VersionProjection;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.kafka.TopicCreator;
import io.clipstream.testing.TestInfrastructure;
import io.clipstream.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version projector dies in the middle of a reindex, deterministically: its store dies during the upsert of its
 * n-th batch, half of that batch written. The live version keeps serving, the group's committed offsets never
 * claim more than the collection holds, and a new projector of the version completes it: every image exactly
 * once, with the version's adapter applied to its base vector.
 */
class VersionProjectorCrashIT {

    private static final int IMAGES = 2000;
    private static final int DIMS = 32;
    private static final int BATCH = 50;
    private static final int CRASH_AT_BATCH = 8;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @TempDir
    Path registryDir;

    private final TestInfrastructure infra = TestInfrastructure.get();
    private final List<VersionProjector> projectors = new ArrayList<>();
    private String modelId;
    private String embeddings;
    private String statuses;
    private String deadLetters;
    private String alias;
    private MilvusVectorStore store;
    private KafkaProducer<String, byte[]> producer;
    private Admin admin;

    @BeforeEach
    void setUp() {
        String namespace = "vpcrash-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        modelId = "m-" + namespace;
        embeddings = namespace + ".images.embeddings." + modelId;
        statuses = namespace + ".images.indexed";
        deadLetters = embeddings + ".dlq";
        alias = "images_" + namespace.replace('-', '_');
        infra.createTopic(embeddings, 3, TopicCreator.COMPACT);
        infra.createTopic(statuses, 3, TopicCreator.COMPACT);
        infra.createTopic(deadLetters, 1, TopicCreator.DELETE);
        store = new MilvusVectorStore(MilvusSettings.of(infra.milvusUri()));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                new ByteArraySerializer());
        admin = infra.admin();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (VersionProjector p : projectors) {
            p.stop();
            p.awaitStopped(Duration.ofSeconds(30));
        }
        producer.close();
        admin.close();
        store.close();
    }

    @Test
    void aReindexThatDiesMidwayLeavesTheLiveVersionServingAndResumesToExactlyTheLog() throws Exception {
        Map<String, float[]> base = new LinkedHashMap<>();
        for (int i = 0; i < IMAGES; i++) {
            String id = "img-" + i;
            base.put(id, ReindexData.unitVector(DIMS, i));
            producer.send(new ProducerRecord<>(embeddings, id, ReindexData.embedding(id, modelId, base.get(id))));
        }
        producer.flush();
        String v0 = CollectionSpec.nameFor(modelId, 0);
        String v1 = CollectionSpec.nameFor(modelId, 1);

        // The live version, built by a projector that takes the alias, as the configured base projector does.
        VersionProjector live = start(ProjectedVersion.base(modelId, 0, alias), UnaryOperator.identity(), store);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> rows(v0) == IMAGES);
        live.stop();
        assertThat(live.awaitStopped(Duration.ofSeconds(30))).isTrue();
        assertThat(live.status().state()).isEqualTo(VersionProjector.State.STOPPED);
        assertThat(store.aliasTarget(alias)).contains(v0);

        ResidualAdapter image = ReindexData.randomAdapter(DIMS, 11);
        AdapterRegistry registry = new AdapterRegistry(registryDir);
        registry.write(modelId, 1, ReindexData.randomAdapter(DIMS, 10), image, null);
        DyingStore dying = new DyingStore(store, v1, CRASH_AT_BATCH);
        VersionProjector doomed = start(ProjectedVersion.beside(modelId, 1), new VersionAdapter(registry, modelId, 1),
                dying);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilTrue(dying.died);
        assertThat(doomed.awaitStopped(Duration.ofSeconds(30))).as("the projector thread died with its store")
                .isTrue();
        assertThat(doomed.isHealthy()).as("liveness sees a thread that died while it should run").isFalse();

        long partial = rows(v1);
        assertThat(partial).as("v1 is partly built").isGreaterThan(0).isLessThan(IMAGES);
        assertThat(store.aliasTarget(alias)).as("the alias stays on the live version").contains(v0);
        List<SearchHit> hits = store.search(alias, base.get("img-7"), 3, 0, Filter.NONE);
        assertThat(hits).as("the live version still answers").isNotEmpty();
        assertThat(hits.getFirst().id()).isEqualTo("img-7");

        Set<String> claimed = idsBelowCommittedOffsets(ProjectorGroup.of(modelId, 1));
        assertThat(claimed).as("the crash left batches committed").isNotEmpty();
        assertThat(claimed.size()).as("committed offsets only cover what was written").isLessThanOrEqualTo(
                (int) partial);
        assertVectors(v1, claimed, base, image);

        VersionProjector resumed = start(ProjectedVersion.beside(modelId, 1), new VersionAdapter(registry, modelId, 1),
                store);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(committedEqualsEnd(ProjectorGroup.of(modelId, 1)))
                        .as("the group's committed offsets reach the log's end").isTrue());
        assertThat(rows(v1)).isEqualTo(IMAGES);
        List<String> ids = store.allIds(v1);
        assertThat(ids).as("every image exactly once").hasSize(IMAGES).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(base.keySet());
        assertVectors(v1, base.keySet(), base, image);
        assertThat(store.aliasTarget(alias)).contains(v0);
        assertThat(resumed.status().state()).isEqualTo(VersionProjector.State.RUNNING);
        assertThat(resumed.status().lag()).isZero();
        assertThat(TopicReader.endOffsetSum(infra.kafkaBootstrapServers(), deadLetters)).isZero();
    }

    private VersionProjector start(ProjectedVersion target, UnaryOperator<float[]> adapter, VectorStore into) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        VersionProjection projection = new VersionProjection(target, adapter, into,
                new RetryingStore(new StoreHealth(), 50, 500), outputs(), ProjectionMeters.reindex(meters,
                target.version()));
        VersionProjector projector = new VersionProjector(projection,
                Map.of("bootstrap.servers", infra.kafkaBootstrapServers()),
                new VersionProjector.Settings(embeddings, ProjectorGroup.of(modelId, target.version()), BATCH, 6000,
                        100, 1000),
                new VersionProjector.Failures(meters.counter("adapters"), meters.counter("batches")));
        projectors.add(projector);
        projector.start();
        return projector;
    }

    private ProjectionOutputs outputs() {
        return new ProjectionOutputs() {
            @Override
            public CompletionStage<Void> deadLetter(ConsumerRecord<String, byte[]> record, ErrorClass errorClass,
                                                    String reason, Exception cause) {
                return send(deadLetters, record.key(), record.value());
            }

            @Override
            public CompletionStage<Void> status(ImageIndexed event) {
                try {
                    return send(statuses, event.imageId(), EventJson.mapper().writeValueAsBytes(event));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
        };
    }

    private CompletionStage<Void> send(String topic, String key, byte[] value) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
            if (e == null) {
                acked.complete(null);
            } else {
                acked.completeExceptionally(e);
            }
        });
        return acked;
    }

    private long rows(String collection) {
        return store.collectionExists(collection) ? store.count(collection) : 0;
    }

    /** The image ids of every log record below the group's committed offset of its partition. */
    private Set<String> idsBelowCommittedOffsets(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(infra.kafkaBootstrapServers(), embeddings)) {
            OffsetAndMetadata offset = committed.get(new TopicPartition(r.topic(), r.partition()));
            if (offset != null && r.offset() < offset.offset()) {
                ids.add(new String(r.key(), StandardCharsets.UTF_8));
            }
        }
        return ids;
    }

    private boolean committedEqualsEnd(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> end = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            TopicPartition tp = new TopicPartition(embeddings, p);
            end.put(tp, admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).all()
                    .get(30, TimeUnit.SECONDS).get(tp).offset());
        }
        return end.entrySet().stream().allMatch(e -> committed.containsKey(e.getKey())
                && committed.get(e.getKey()).offset() == e.getValue());
    }

    private void assertVectors(String collection, Collection<String> ids, Map<String, float[]> base,
                               ResidualAdapter adapter) {
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            List<VectorRecord> stored = store.get(collection, chunk);
            assertThat(stored).as("stored rows of " + chunk.size() + " ids").hasSize(chunk.size());
            for (VectorRecord r : stored) {
                float[] expected = adapter.apply(base.get(r.id()));
                assertThat(ReindexData.maxDifference(r.vector(), expected)).as(r.id()).isLessThan(1e-5);
                assertThat(ReindexData.maxDifference(r.vector(), base.get(r.id()))).as(r.id() + " adapted")
                        .isGreaterThan(1e-2);
            }
        }
    }

    /** Thrown where a process would die: nothing in the projector catches an Error. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash in the middle of a store write");
        }
    }

    /** The real store, until the n-th upsert into one collection: that one writes half its records, then dies. */
    static final class DyingStore implements VectorStore {

        private final VectorStore delegate;
        private final String collection;
        private final int dieAt;
        private final AtomicInteger upserts = new AtomicInteger();
        final AtomicBoolean died = new AtomicBoolean();

        DyingStore(VectorStore delegate, String collection, int dieAt) {
            this.delegate = delegate;
            this.collection = collection;
            this.dieAt = dieAt;
        }

        @Override
        public void upsert(String target, List<VectorRecord> records) {
            if (target.equals(collection) && upserts.incrementAndGet() >= dieAt) {
                delegate.upsert(target, records.subList(0, records.size() / 2));
                died.set(true);
                throw new SimulatedCrash();
            }
            delegate.upsert(target, records);
        }

        @Override
        public void ensureCollection(CollectionSpec spec) {
            delegate.ensureCollection(spec);
        }

        @Override
        public boolean collectionExists(String name) {
            return delegate.collectionExists(name);
        }

        @Override
        public List<String> listCollections() {
            return delegate.listCollections();
        }

        @Override
        public void dropCollection(String name) {
            delegate.dropCollection(name);
        }

        @Override
        public void delete(String name, Collection<String> ids) {
            delegate.delete(name, ids);
        }

        @Override
        public List<VectorRecord> get(String name, Collection<String> ids) {
            return delegate.get(name, ids);
        }

        @Override
        public long count(String name) {
            return delegate.count(name);
        }

        @Override
        public List<String> allIds(String name) {
            return delegate.allIds(name);
        }

        @Override
        public List<SearchHit> search(String name, float[] vector, int limit, int offset, Filter filter) {
            return delegate.search(name, vector, limit, offset, filter);
        }

        @Override
        public void pointAlias(String aliasName, String name) {
            delegate.pointAlias(aliasName, name);
        }

        @Override
        public Optional<String> aliasTarget(String aliasName) {
            return delegate.aliasTarget(aliasName);
        }

        @Override
        public boolean isReachable() {
            return delegate.isReachable();
        }

        @Override
        public void close() {
        }
    }
}
