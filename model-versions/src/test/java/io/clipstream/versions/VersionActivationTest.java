package io.clipstream.versions;

import io.clipstream.kafka.naming.Names;

import static io.clipstream.versions.ModelsTestData.activated;
import static io.clipstream.versions.ModelsTestData.fold;
import static io.clipstream.versions.ModelsTestData.published;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.events.EventJson;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.events.ModelVersionEvent.ReindexTarget;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.InMemoryVectorStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The activation rules with fakes: a state given as is, progress by group, an in-memory store. */
class VersionActivationTest {

    private static final String MODEL = "m";
    private static final String ALIAS = "images";
    private static final int DIMS = 4;
    private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

    @TempDir
    Path registryDir;

    private final Map<String, Long> remaining = new HashMap<>();
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    /** Each alias move, with the number of records sent to the models topic before it. */
    private final List<String> aliasMoves = new ArrayList<>();
    private final InMemoryVectorStore store = new InMemoryVectorStore() {
        @Override
        public void pointAlias(String alias, String collection) {
            aliasMoves.add(collection + " after " + producer.history().size() + " records");
            super.pointAlias(alias, collection);
        }
    };
    private ModelsState state = ModelsState.empty(MODEL);
    private VersionActivation activation;

    @BeforeEach
    void setUp() {
        AdapterRegistry registry = new AdapterRegistry(registryDir);
        ResidualAdapter adapter = new ResidualAdapter(DIMS, new float[DIMS * DIMS], new float[DIMS], 0.5f);
        for (int v = 0; v <= 3; v++) {
            if (v > 0) {
                registry.write(MODEL, v, adapter, adapter, null);
            }
            store.ensureCollection(new CollectionSpec(CollectionSpec.nameFor(MODEL, v), DIMS));
        }
        store.pointAlias(ALIAS, CollectionSpec.nameFor(MODEL, 0));
        aliasMoves.clear();
        ReindexProgress progress = new ReindexProgress() {
            @Override
            public ReindexTarget target(String topic) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long remaining(String group, ReindexTarget target) {
                return remaining.getOrDefault(group, 0L);
            }
        };
        ModelsView view = timeout -> state;
        activation = new VersionActivation(new VersionActivation.Target(MODEL, DIMS, ALIAS), view, progress, store,
                registry, new ModelsWriter(producer, "models", Duration.ofSeconds(5)),
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5));
    }

    @Test
    void aPublishedCaughtUpVersionGoesLiveAliasFirstThenActivated() throws Exception {
        state = fold(MODEL, published(MODEL, 1), published(MODEL, 2), activated(MODEL, 1, 0));

        ModelVersionEvent event = activation.activate(2);

        assertThat(event).isEqualTo(new ModelVersionEvent(ModelVersionEvent.Type.ACTIVATED, MODEL, 2,
                CollectionSpec.nameFor(MODEL, 2), 1, NOW));
        assertThat(store.aliasTarget(ALIAS)).contains(CollectionSpec.nameFor(MODEL, 2));
        assertThat(aliasMoves).containsExactly("images_m_v2 after 0 records");
        ProducerRecord<String, byte[]> sent = producer.history().getFirst();
        assertThat(sent.topic()).isEqualTo("models");
        assertThat(sent.key()).isEqualTo("m/active");
        assertThat(EventJson.mapper().readValue(sent.value(), ModelVersionEvent.class)).isEqualTo(event);
    }

    @Test
    void aRetiredVersionIsRefusedEvenWithItsCollectionAndAdaptersInPlace() {
        state = fold(MODEL, published(MODEL, 1), published(MODEL, 2), "m/v2");

        assertRefused(2, ActivationRefusedException.Reason.RETIRED, "retired");
    }

    @Test
    void aVersionNeverPublishedIsRefused() {
        state = fold(MODEL, published(MODEL, 1));

        assertRefused(3, ActivationRefusedException.Reason.NOT_PUBLISHED, "not published; published: [1]");
    }

    @Test
    void aVersionWhoseProjectorHasNotCaughtUpIsRefused() throws Exception {
        state = fold(MODEL, published(MODEL, 1));
        remaining.put(Names.projectorGroup(MODEL, 1), 3L);

        assertRefused(1, ActivationRefusedException.Reason.NOT_CAUGHT_UP,
                "clipstream-projector-m-v1 has 3 of the 15 records");

        remaining.put(Names.projectorGroup(MODEL, 1), 0L);
        assertThat(activation.activate(1).version()).isEqualTo(1);
    }

    @Test
    void aVersionPublishedWithoutAReindexTargetIsRefused() {
        state = fold(MODEL, published(MODEL, 1, null));

        assertRefused(1, ActivationRefusedException.Reason.NOT_CAUGHT_UP, "without a reindex target");
    }

    @Test
    void aVersionWithoutCollectionOrAdaptersIsRefused() throws Exception {
        state = fold(MODEL, published(MODEL, 1), published(MODEL, 5));
        store.dropCollection(CollectionSpec.nameFor(MODEL, 1));

        assertRefused(1, ActivationRefusedException.Reason.NO_COLLECTION, "has no collection images_m_v1");
        store.ensureCollection(new CollectionSpec(CollectionSpec.nameFor(MODEL, 5), DIMS));
        assertRefused(5, ActivationRefusedException.Reason.NO_ADAPTERS, "manifest.json");
        assertRefused(-1, ActivationRefusedException.Reason.INVALID_VERSION, "0 or more");
    }

    @Test
    void theBaseVersionNeedsNoPublication() throws Exception {
        state = fold(MODEL, published(MODEL, 1), activated(MODEL, 1, 0));
        store.pointAlias(ALIAS, CollectionSpec.nameFor(MODEL, 1));

        ModelVersionEvent event = activation.activate(0);

        assertThat(event.previousVersion()).isEqualTo(1);
        assertThat(store.aliasTarget(ALIAS)).contains(CollectionSpec.nameFor(MODEL, 0));
    }

    @Test
    void rollbackActivatesTheVersionLiveBeforeUnderTheSameRules() throws Exception {
        state = fold(MODEL, published(MODEL, 1), published(MODEL, 2), activated(MODEL, 2, 1));
        ModelVersionEvent back = activation.rollback();
        assertThat(back.version()).isEqualTo(1);
        assertThat(back.previousVersion()).isEqualTo(2);

        state = fold(MODEL, published(MODEL, 1), published(MODEL, 2), activated(MODEL, 2, 1), "m/v1");
        producer.clear();
        assertThatThrownBy(activation::rollback).isInstanceOf(ActivationRefusedException.class)
                .hasMessageContaining("retired");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void rollbackWithoutATargetIsRefused() {
        state = fold(MODEL, published(MODEL, 1));
        assertThatThrownBy(activation::rollback).isInstanceOf(NothingToRollBackException.class)
                .hasMessageContaining("never activated");

        state = fold(MODEL, published(MODEL, 1), activated(MODEL, 1, null));
        assertThatThrownBy(activation::rollback).isInstanceOf(NothingToRollBackException.class)
                .hasMessageContaining("names no previous version");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void anActivationThatCouldNotBeWrittenSaysTheAliasMoved() {
        state = fold(MODEL, published(MODEL, 1));
        producer.sendException = new NotLeaderOrFollowerException("leader moved");

        assertThatThrownBy(() -> activation.activate(1)).isInstanceOf(ModelsUnavailableException.class)
                .hasMessageContaining("alias images points at images_m_v1 but ACTIVATED could not be written");
    }

    @Test
    void nothingIsDecidedWhenTheTopicCannotBeReadToItsEnd() {
        ModelsView unreadable = timeout -> {
            throw new ModelsUnavailableException("models topic models was not read up to its end");
        };
        VersionActivation blind = new VersionActivation(new VersionActivation.Target(MODEL, DIMS, ALIAS), unreadable,
                null, store, new AdapterRegistry(registryDir), new ModelsWriter(producer, "models",
                Duration.ofSeconds(1)), Clock.systemUTC(), Duration.ofSeconds(1));

        assertThatThrownBy(() -> blind.activate(1)).isInstanceOf(ModelsUnavailableException.class);
        assertThat(store.aliasTarget(ALIAS)).contains(CollectionSpec.nameFor(MODEL, 0));
        assertThat(producer.history()).isEmpty();
    }

    private void assertRefused(int version, ActivationRefusedException.Reason reason, String message) {
        String aliasBefore = store.aliasTarget(ALIAS).orElseThrow();
        int sentBefore = producer.history().size();
        assertThatThrownBy(() -> activation.activate(version)).isInstanceOfSatisfying(
                ActivationRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.version()).isEqualTo(version);
                    assertThat(e).hasMessageContaining(message);
                });
        assertThat(store.aliasTarget(ALIAS)).as("the alias stays").contains(aliasBefore);
        assertThat(producer.history()).as("nothing written").hasSize(sentBefore);
    }
}
