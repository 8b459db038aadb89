package io.clipstream.indexer.reindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.indexer.project.DelegatingStore;
import io.clipstream.indexer.project.ProjectedVersion;
import io.clipstream.indexer.project.ProjectorGroup;
import io.clipstream.indexer.project.ProjectorHarness;
import io.clipstream.indexer.project.ProjectorRuntime;
import io.clipstream.indexer.project.VersionAdapter;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
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

    @TempDir
    Path registryDir;

    private ProjectorHarness harness;
    private String modelId;
    private MilvusVectorStore store;

    @BeforeEach
    void setUp() {
        harness = new ProjectorHarness("vpcrash");
        modelId = harness.modelId;
        store = new MilvusVectorStore(MilvusSettings.of(harness.infra.milvusUri()));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        harness.close();
        store.close();
    }

    @Test
    void aReindexThatDiesMidwayLeavesTheLiveVersionServingAndResumesToExactlyTheLog() throws Exception {
        Map<String, float[]> base = new LinkedHashMap<>();
        Map<String, byte[]> log = new LinkedHashMap<>();
        for (int i = 0; i < IMAGES; i++) {
            String id = "img-" + i;
            base.put(id, ReindexData.unitVector(DIMS, i));
            log.put(id, ReindexData.embedding(id, modelId, base.get(id)));
        }
        harness.publish(log);
        String v0 = CollectionSpec.nameFor(modelId, 0);
        String v1 = CollectionSpec.nameFor(modelId, 1);

        // The live version, built by a projector that takes the alias, as the configured base projector does.
        ProjectorRuntime live = start(ProjectedVersion.base(modelId, 0, harness.alias), UnaryOperator.identity(),
                store);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> rows(v0) == IMAGES);
        live.stop();
        assertThat(live.awaitStopped(Duration.ofSeconds(30))).isTrue();
        assertThat(live.status().state()).isEqualTo(ProjectorRuntime.State.STOPPED);
        assertThat(store.aliasTarget(harness.alias)).contains(v0);

        ResidualAdapter image = ReindexData.randomAdapter(DIMS, 11);
        AdapterRegistry registry = new AdapterRegistry(registryDir);
        registry.write(modelId, 1, ReindexData.randomAdapter(DIMS, 10), image, null);
        DyingStore dying = new DyingStore(store, v1, CRASH_AT_BATCH);
        ProjectorRuntime doomed = start(ProjectedVersion.beside(modelId, 1), new VersionAdapter(registry, modelId, 1),
                dying);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilTrue(dying.died);
        assertThat(doomed.awaitStopped(Duration.ofSeconds(30))).as("the projector thread died with its store")
                .isTrue();
        assertThat(doomed.isHealthy()).as("liveness sees a thread that died while it should run").isFalse();

        long partial = rows(v1);
        assertThat(partial).as("v1 is partly built").isGreaterThan(0).isLessThan(IMAGES);
        assertThat(doomed.status().state()).isEqualTo(ProjectorRuntime.State.DIED);
        assertThat(store.aliasTarget(harness.alias)).as("the alias stays on the live version").contains(v0);
        List<SearchHit> hits = store.search(harness.alias, base.get("img-7"), 3, 0, Filter.NONE);
        assertThat(hits).as("the live version still answers").isNotEmpty();
        assertThat(hits.getFirst().id()).isEqualTo("img-7");

        Set<String> claimed = harness.idsBelowCommittedOffsets(ProjectorGroup.of(modelId, 1));
        assertThat(claimed).as("the crash left batches committed").isNotEmpty();
        assertThat(claimed.size()).as("committed offsets only cover what was written").isLessThanOrEqualTo(
                (int) partial);
        assertVectors(v1, claimed, base, image);

        ProjectorRuntime resumed = start(ProjectedVersion.beside(modelId, 1), new VersionAdapter(registry, modelId, 1),
                store);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(harness.caughtUp(ProjectorGroup.of(modelId, 1)))
                        .as("the group's committed offsets reach the log's end").isTrue());
        assertThat(rows(v1)).isEqualTo(IMAGES);
        List<String> ids = store.allIds(v1);
        assertThat(ids).as("every image exactly once").hasSize(IMAGES).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(base.keySet());
        assertVectors(v1, base.keySet(), base, image);
        assertThat(store.aliasTarget(harness.alias)).contains(v0);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(resumed.status().state()).isEqualTo(ProjectorRuntime.State.RUNNING);
            assertThat(resumed.status().lag()).isZero();
        });
        assertThat(harness.read(harness.deadLetters)).isEmpty();
    }

    private ProjectorRuntime start(ProjectedVersion target, UnaryOperator<float[]> adapter, VectorStore into) {
        return harness.start(target, adapter, into, harness.settings(target.version(), BATCH, 30_000));
    }

    /** 0 also while a real Milvus has the collection but not yet its index (a count then fails retryably). */
    private long rows(String collection) {
        try {
            return store.collectionExists(collection) ? store.count(collection) : 0;
        } catch (VectorStoreException e) {
            if (e.retryable()) {
                return 0;
            }
            throw e;
        }
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
    static final class DyingStore extends DelegatingStore {

        private final String collection;
        private final int dieAt;
        private final AtomicInteger upserts = new AtomicInteger();
        final AtomicBoolean died = new AtomicBoolean();

        DyingStore(VectorStore delegate, String collection, int dieAt) {
            super(delegate);
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
    }
}
