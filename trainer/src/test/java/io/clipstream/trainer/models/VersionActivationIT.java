package io.clipstream.trainer.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.events.ModelVersionEvent;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.testing.TestInfrastructure;
import io.clipstream.trainer.data.KafkaClients;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Activation, rollback, retention and reindex progress against a real broker and Milvus Lite: the alias moves only
 * for a published version whose collection and adapters exist, ACTIVATED names the version it replaced, and
 * progress is read from a projector group's committed offsets.
 */
class VersionActivationIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final int DIMS = 4;

    @TempDir
    Path registryDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String model = "act-" + run;
    private final String alias = "images_act_" + run;
    private MilvusVectorStore store;
    private ModelsLog models;
    private VersionActivator activator;
    private KafkaClients kafka;

    @BeforeEach
    void setUp() {
        kafka = new KafkaClients(INFRA.kafkaBootstrapServers());
        String topic = "models-" + run;
        INFRA.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
        models = new ModelsLog(kafka, topic);
        store = new MilvusVectorStore(new MilvusSettings(INFRA.milvusUri(), "", "", 5000, 30_000, 16, 200, 64));
        AdapterRegistry registry = new AdapterRegistry(registryDir);
        activator = new VersionActivator(model, DIMS, alias, store, registry, models,
                Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC));
        store.ensureCollection(new CollectionSpec(CollectionSpec.nameFor(model, 0), DIMS));
        store.pointAlias(alias, CollectionSpec.nameFor(model, 0));
        for (int v = 1; v <= 2; v++) {
            ResidualAdapter adapter = new ResidualAdapter(DIMS, new float[DIMS * DIMS], new float[DIMS], 0.5f);
            registry.write(model, v, adapter, adapter, null);
            store.ensureCollection(new CollectionSpec(CollectionSpec.nameFor(model, v), DIMS));
            models.write(new ModelVersionEvent(ModelVersionEvent.Type.PUBLISHED, model, v,
                    CollectionSpec.nameFor(model, v), null, Instant.now()));
        }
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void activatesRollsBackAndRetires() {
        ModelVersionEvent first = activator.activate(1);
        assertThat(first.previousVersion()).isZero();
        assertThat(store.aliasTarget(alias)).contains(CollectionSpec.nameFor(model, 1));
        activator.activate(2);
        assertThat(models.read(model).activeVersion()).isEqualTo(2);

        ModelVersionEvent back = activator.rollback();
        assertThat(back.version()).isEqualTo(1);
        assertThat(back.previousVersion()).isEqualTo(2);
        assertThat(store.aliasTarget(alias)).contains(CollectionSpec.nameFor(model, 1));

        // Keep 1: v2 is the newest and v1 the active one, so nothing goes. With v3 published and v0 activated
        // (rollback target v1), only v2 is neither newest, active nor rollback target.
        assertThat(new VersionRetention(model, 1, models).apply()).isEmpty();
        models.write(new ModelVersionEvent(ModelVersionEvent.Type.PUBLISHED, model, 3,
                CollectionSpec.nameFor(model, 3), null, Instant.now()));
        activator.activate(0);
        assertThat(new VersionRetention(model, 1, models).apply()).containsExactly(2);
        ModelsState state = models.read(model);
        assertThat(state.published().keySet()).containsExactly(1, 3);
        assertThat(state.retired()).containsExactly(2);
    }

    @Test
    void refusesVersionsThatAreNotPublishedOrHaveNoCollection() {
        assertThatThrownBy(() -> activator.activate(7)).hasMessageContaining("not published");
        models.write(new ModelVersionEvent(ModelVersionEvent.Type.PUBLISHED, model, 5,
                CollectionSpec.nameFor(model, 5), null, Instant.now()));
        assertThatThrownBy(() -> activator.activate(5)).hasMessageContaining("has no collection");
        assertThatThrownBy(() -> activator.rollback()).hasMessageContaining("nothing to roll back");
        assertThat(store.aliasTarget(alias)).contains(CollectionSpec.nameFor(model, 0));
    }

    @Test
    void reindexProgressFollowsTheCommittedOffsetsOfTheVersionGroup() throws Exception {
        String topic = "embeddings-" + run;
        INFRA.createTopic(topic, 2, Map.of());
        try (var producer = kafka.producer("progress-test")) {
            for (int i = 0; i < 10; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, i % 2, "id-" + i,
                        new byte[] {1})).get();
            }
        }
        try (Admin admin = kafka.admin()) {
            ReindexProgress progress = new ReindexProgress(admin);
            Map<TopicPartition, Long> target = progress.endOffsets(topic);
            String group = ReindexProgress.groupOf(model, 1);
            assertThat(progress.remaining(group, target)).isEqualTo(10);
            commit(group, Map.of(new TopicPartition(topic, 0), 5L, new TopicPartition(topic, 1), 2L));
            assertThat(progress.remaining(group, target)).isEqualTo(3);
            commit(group, Map.of(new TopicPartition(topic, 1), 5L));
            assertThat(progress.remaining(group, target)).isZero();
        }
    }

    private void commit(String group, Map<TopicPartition, Long> offsets) {
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", INFRA.kafkaBootstrapServers());
        props.put("group.id", group);
        props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            Map<TopicPartition, OffsetAndMetadata> commit = new java.util.HashMap<>();
            offsets.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
            consumer.commitSync(commit);
        }
    }
}
