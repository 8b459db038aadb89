package io.clipstream.versions;

import io.clipstream.kafka.naming.Names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clipstream.events.ModelVersionEvent;
import io.clipstream.events.ModelVersionEvent.ReindexTarget;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.testing.TestInfrastructure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Activation, rollback, retention and reindex progress on a real broker and Milvus Lite, through the follower:
 * the alias moves only for a version that is published, not retired and caught up, ACTIVATED names the version it
 * replaced, and progress is read from the projector group's committed offsets.
 */
class VersionActivationIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final int DIMS = 4;
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path registryDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String model = "act-" + run;
    private final String alias = "images_act_" + run;
    private final String embeddings = "embeddings-" + run;
    private final KafkaClientFactory kafka = KafkaClientFactory.forBootstrap(INFRA.kafkaBootstrapServers());
    private MilvusVectorStore store;
    private ModelsFollower follower;
    private ModelsWriter writer;
    private Admin admin;
    private AdminReindexProgress progress;
    private VersionActivation activation;

    @BeforeEach
    void setUp() throws Exception {
        String topic = "models-" + run;
        INFRA.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
        INFRA.createTopic(embeddings, 2, Map.of());
        follower = ModelsFollower.create(kafka, "activation-it", new ModelsFollower.Settings(topic, model,
                Backoff.ofMillis(100, 1000), Duration.ofMillis(100)), state -> { });
        follower.start();
        writer = ModelsWriter.create(kafka, "activation-it", topic, KAFKA_TIMEOUT);
        admin = kafka.admin("activation-it");
        progress = new AdminReindexProgress(admin, KAFKA_TIMEOUT);
        store = new MilvusVectorStore(MilvusSettings.of(INFRA.milvusUri()));
        AdapterRegistry registry = new AdapterRegistry(registryDir);
        activation = new VersionActivation(new VersionActivation.Target(model, DIMS, alias), follower, progress,
                store, registry, writer, Clock.systemUTC(), KAFKA_TIMEOUT);
        store.ensureCollection(new CollectionSpec(CollectionSpec.nameFor(model, 0), DIMS));
        store.pointAlias(alias, CollectionSpec.nameFor(model, 0));
        sendEmbeddings(10);
        for (int v = 1; v <= 2; v++) {
            ResidualAdapter adapter = new ResidualAdapter(DIMS, new float[DIMS * DIMS], new float[DIMS], 0.5f);
            registry.write(model, v, adapter, adapter, null);
            store.ensureCollection(new CollectionSpec(CollectionSpec.nameFor(model, v), DIMS));
            publishBuilt(v);
        }
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        follower.stop(Duration.ofSeconds(10));
        writer.close();
        admin.close();
        store.close();
    }

    @Test
    void activatesRollsBackAndRetires() throws Exception {
        ModelVersionEvent first = activation.activate(1);
        assertThat(first.previousVersion()).isZero();
        assertThat(store.aliasTarget(alias)).contains(CollectionSpec.nameFor(model, 1));
        activation.activate(2);
        assertThat(follower.latest(KAFKA_TIMEOUT).activeVersion()).isEqualTo(2);

        ModelVersionEvent back = activation.rollback();
        assertThat(back.version()).isEqualTo(1);
        assertThat(back.previousVersion()).isEqualTo(2);
        assertThat(store.aliasTarget(alias)).contains(CollectionSpec.nameFor(model, 1));

        // Keep 1: v2 is the newest and v1 the active one, so nothing goes. With v3 published and v0 activated
        // (rollback target v1), only v2 is neither newest, active nor rollback target.
        VersionRetention retention = new VersionRetention(model, 1, follower, writer, KAFKA_TIMEOUT);
        assertThat(retention.apply()).isEmpty();
        publishBuilt(3);
        activation.activate(0);
        assertThat(retention.apply()).containsExactly(2);
        ModelsState state = follower.latest(KAFKA_TIMEOUT);
        assertThat(state.published().keySet()).containsExactly(1, 3);
        assertThat(state.retired()).containsExactly(2);

        // The version just retired keeps its collection until the indexers drop it: it must not go live again.
        assertThatThrownBy(() -> activation.activate(2)).isInstanceOf(ActivationRefusedException.class)
                .hasMessageContaining("retired");
        assertThat(store.aliasTarget(alias)).contains(CollectionSpec.nameFor(model, 0));
    }

    @Test
    void refusesVersionsThatAreNotPublishedNotCaughtUpOrHaveNoCollection() throws Exception {
        assertThatThrownBy(() -> activation.activate(7)).hasMessageContaining("not published");
        assertThatThrownBy(activation::rollback).isInstanceOf(NothingToRollBackException.class);

        sendEmbeddings(4);
        ReindexTarget target = progress.target(embeddings);
        writer.write(new ModelVersionEvent(ModelVersionEvent.Type.PUBLISHED, model, 5,
                CollectionSpec.nameFor(model, 5), null, Instant.now(), target));
        assertThatThrownBy(() -> activation.activate(5)).isInstanceOfSatisfying(ActivationRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(ActivationRefusedException.Reason.NOT_CAUGHT_UP))
                .hasMessageContaining("14 of the 14 records");
        commit(Names.projectorGroup(model, 5), target);
        assertThatThrownBy(() -> activation.activate(5)).hasMessageContaining("has no collection");
        assertThat(store.aliasTarget(alias)).contains(CollectionSpec.nameFor(model, 0));
    }

    @Test
    void reindexProgressFollowsTheCommittedOffsetsOfTheVersionGroup() throws Exception {
        ReindexTarget target = progress.target(embeddings);
        assertThat(target.endOffsets()).isEqualTo(Map.of(0, 5L, 1, 5L));
        String group = Names.projectorGroup(model, 9);
        assertThat(progress.remaining(group, target)).isEqualTo(10);
        commit(group, new ReindexTarget(embeddings, Map.of(0, 5L, 1, 2L)));
        assertThat(progress.remaining(group, target)).isEqualTo(3);
        commit(group, new ReindexTarget(embeddings, Map.of(1, 5L)));
        assertThat(progress.remaining(group, target)).isZero();
    }

    /** Publishes {@code version} and commits its group's offsets as a projector that has built it would. */
    private void publishBuilt(int version) throws Exception {
        ReindexTarget target = progress.target(embeddings);
        writer.write(new ModelVersionEvent(ModelVersionEvent.Type.PUBLISHED, model, version,
                CollectionSpec.nameFor(model, version), null, Instant.now(), target));
        commit(Names.projectorGroup(model, version), target);
        await().atMost(KAFKA_TIMEOUT).until(() -> follower.latest(KAFKA_TIMEOUT).published().containsKey(version));
    }

    private void sendEmbeddings(int count) throws Exception {
        try (KafkaProducer<String, byte[]> producer = kafka.producer("activation-it-embeddings",
                new StringSerializer(), new ByteArraySerializer(), Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(embeddings, i % 2, "id-" + i, new byte[] {1})).get();
            }
        }
    }

    private void commit(String group, ReindexTarget offsets) {
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer("activation-it-commit", new StringDeserializer(),
                new ByteArrayDeserializer(), Map.of("group.id", group))) {
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            offsets.endOffsets().forEach((p, offset) -> commit.put(new TopicPartition(offsets.topic(), p),
                    new OffsetAndMetadata(offset)));
            consumer.commitSync(commit);
        }
    }
}
