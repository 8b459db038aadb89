package io.clipstream.indexer.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clipstream.indexer.reindex.ReindexData;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store goes away for more than three times {@code max.poll.interval.ms} while v0 and v1 project: their
 * partitions are paused and they keep polling, so no rebalance happens and nothing is replayed; afterwards both
 * collections hold exactly the log's ids. And a replica that leaves during an outage hands its partitions over to a
 * paused one, which resumes them correctly.
 */
class ProjectorOutageIT {

    private static final int MAX_POLL_INTERVAL_MS = 3_000;
    private static final int DIMS = 16;
    private static final int BATCH = 20;

    @TempDir
    Path registryDir;

    private ProjectorHarness harness;
    private MilvusVectorStore milvus;
    private CountingStore store;

    @BeforeEach
    void setUp() {
        harness = new ProjectorHarness("outage");
        assumeTrue(harness.infra.canRestartMilvus(), "needs a Milvus that restarts on the same address");
        // Short call deadlines: one failed store call must fit well within the poll interval.
        milvus = new MilvusVectorStore(MilvusSettings.of(harness.infra.milvusUri()).withDeadlines(500, 500));
        store = new CountingStore(milvus);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (harness != null) {
            if (!harness.infra.milvusRunning()) {
                harness.infra.startMilvus();
            }
            harness.close();
        }
        if (milvus != null) {
            milvus.close();
        }
    }

    @Test
    void anOutageThreeTimesLongerThanTheMaxPollIntervalCausesNoRebalanceAndNoReplay() throws Exception {
        String modelId = harness.modelId;
        new AdapterRegistry(registryDir).write(modelId, 1, ReindexData.randomAdapter(DIMS, 1),
                ReindexData.randomAdapter(DIMS, 2), null);
        Map<String, byte[]> before = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            before.put("img-" + i, embedding("img-" + i, i));
        }
        harness.publish(before);
        ProjectorRuntime v0 = harness.start(ProjectedVersion.base(modelId, 0, harness.alias),
                UnaryOperator.identity(), store, harness.settings(0, BATCH, MAX_POLL_INTERVAL_MS));
        ProjectorRuntime v1 = harness.start(ProjectedVersion.beside(modelId, 1),
                new VersionAdapter(new AdapterRegistry(registryDir), modelId, 1), store,
                harness.settings(1, BATCH, MAX_POLL_INTERVAL_MS));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                harness.caughtUp(ProjectorGroup.of(modelId, 0)) && harness.caughtUp(ProjectorGroup.of(modelId, 1)));
        ProjectorRuntime.Status v0Before = v0.status();
        ProjectorRuntime.Status v1Before = v1.status();
        assertThat(v0Before.generation()).isPositive();
        store.reset();

        harness.infra.stopMilvus();
        Map<String, byte[]> during = new LinkedHashMap<>();
        for (int i = 60; i < 100; i++) {
            during.put("img-" + i, embedding("img-" + i, i));
        }
        for (int i = 0; i < 10; i++) {
            during.put("img-" + i, embedding("img-" + i, 1_000 + i));
        }
        for (int i = 10; i < 15; i++) {
            during.put("img-" + i, null);
        }
        harness.publish(during);
        Duration outage = Duration.ofMillis(3L * MAX_POLL_INTERVAL_MS + 1_000);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> waitedForTheStore(v0, outage) && waitedForTheStore(v1, outage));
        for (String group : List.of(ProjectorGroup.of(modelId, 0), ProjectorGroup.of(modelId, 1))) {
            ConsumerGroupDescription description = harness.admin().describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get(30, TimeUnit.SECONDS);
            assertThat(description.groupState()).as(group + " during the outage").isEqualTo(GroupState.STABLE);
            assertThat(description.members()).as(group + " keeps its member").hasSize(1);
        }
        harness.infra.startMilvus();

        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < 100; i++) {
            if (i < 10 || i >= 15) {
                expected.add("img-" + i);
            }
        }
        String c0 = CollectionSpec.nameFor(modelId, 0);
        String c1 = CollectionSpec.nameFor(modelId, 1);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(harness.caughtUp(ProjectorGroup.of(modelId, 0))).isTrue();
            assertThat(harness.caughtUp(ProjectorGroup.of(modelId, 1))).isTrue();
        });
        // The restarted server may still be loading the collections when the projectors have caught up: the test's
        // own reads are retried while the store answers with an outage (a deadline), not on refusals.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsMatching(e -> e instanceof VectorStoreException v && v.retryable())
                .untilAsserted(() -> {
                    assertThat(new TreeSet<>(milvus.allIds(c0))).isEqualTo(expected);
                    assertThat(new TreeSet<>(milvus.allIds(c1))).isEqualTo(expected);
                });
        VectorRecord updated = milvus.get(c0, List.of("img-3")).getFirst();
        assertThat(ReindexData.maxDifference(updated.vector(), ReindexData.unitVector(DIMS, 1_003)))
                .as("the update written during the outage wins").isLessThan(1e-6);

        for (ProjectorRuntime.Status[] pair : List.of(
                new ProjectorRuntime.Status[] {v0Before, v0.status()},
                new ProjectorRuntime.Status[] {v1Before, v1.status()})) {
            assertThat(pair[1].generation()).as("v%d's group generation", pair[0].version())
                    .isEqualTo(pair[0].generation());
            assertThat(pair[1].assignments()).as("v%d saw no rebalance", pair[0].version())
                    .isEqualTo(pair[0].assignments());
        }
        Map<String, Integer> writesPerId = new HashMap<>();
        during.forEach((id, value) -> writesPerId.put(id, 1));
        assertThat(store.upserts(c0)).as("each id written once after the outage, none again")
                .isEqualTo(only(writesPerId, during, false));
        assertThat(store.upserts(c1)).isEqualTo(only(writesPerId, during, false));
        assertThat(store.deletes(c0)).isEqualTo(only(writesPerId, during, true));
        assertThat(store.deletes(c1)).isEqualTo(only(writesPerId, during, true));
        assertThat(harness.read(harness.deadLetters)).as("an outage is no refusal").isEmpty();
    }

    @Test
    void aReplicaLeavingDuringAnOutageHandsItsPartitionsToAPausedOneThatResumesThem() throws Exception {
        String modelId = harness.modelId;
        ProjectorSettings settings = harness.settings(0, BATCH, MAX_POLL_INTERVAL_MS);
        ProjectorRuntime first = harness.start(ProjectedVersion.base(modelId, 0, harness.alias),
                UnaryOperator.identity(), store, settings);
        ProjectorRuntime second = harness.start(ProjectedVersion.base(modelId, 0, harness.alias),
                UnaryOperator.identity(), store, settings);
        Map<String, byte[]> before = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            before.put("img-" + i, embedding("img-" + i, i));
        }
        harness.publish(before);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> harness.caughtUp(ProjectorGroup.of(modelId, 0)));
        store.reset();

        harness.infra.stopMilvus();
        Map<String, byte[]> during = new LinkedHashMap<>();
        for (int i = 30; i < 90; i++) {
            during.put("img-" + i, embedding("img-" + i, i));
        }
        harness.publish(during);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                first.status().state() == ProjectorRuntime.State.WAITING_FOR_STORE
                        && second.status().state() == ProjectorRuntime.State.WAITING_FOR_STORE);
        int assignmentsBefore = second.status().assignments();
        first.stop();
        assertThat(first.awaitStopped(Duration.ofSeconds(30))).isTrue();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> second.status().assignments() > assignmentsBefore);
        harness.infra.startMilvus();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> harness.caughtUp(ProjectorGroup.of(modelId, 0)));
        Set<String> expected = new TreeSet<>(before.keySet());
        expected.addAll(during.keySet());
        String c0 = CollectionSpec.nameFor(modelId, 0);
        assertThat(new TreeSet<>(milvus.allIds(c0))).isEqualTo(expected);
        Map<String, Integer> once = new HashMap<>();
        during.keySet().forEach(id -> once.put(id, 1));
        assertThat(store.upserts(c0)).as("what the leaving replica had not written is written once, by the other")
                .isEqualTo(once);
        assertThat(second.isHealthy()).isTrue();
        assertThat(harness.read(harness.deadLetters)).isEmpty();
    }

    /** Whether the runtime has been waiting for the store, its partitions paused, for at least {@code atLeast}. */
    private static boolean waitedForTheStore(ProjectorRuntime runtime, Duration atLeast) {
        ProjectorRuntime.Status status = runtime.status();
        return status.state() == ProjectorRuntime.State.WAITING_FOR_STORE
                && Duration.between(status.since(), Instant.now()).compareTo(atLeast) >= 0;
    }

    private static Map<String, Integer> only(Map<String, Integer> counts, Map<String, byte[]> records,
                                             boolean tombstones) {
        Map<String, Integer> out = new HashMap<>();
        counts.forEach((id, n) -> {
            if ((records.get(id) == null) == tombstones) {
                out.put(id, n);
            }
        });
        return out;
    }

    private byte[] embedding(String id, int seed) {
        return ReindexData.embedding(id, harness.modelId, ReindexData.unitVector(DIMS, seed));
    }

    /** Counts the writes the real store acknowledged, by collection and id, since the last reset. */
    static final class CountingStore extends DelegatingStore {

        private final Map<String, Map<String, Integer>> upserts = new ConcurrentHashMap<>();
        private final Map<String, Map<String, Integer>> deletes = new ConcurrentHashMap<>();

        CountingStore(VectorStore delegate) {
            super(delegate);
        }

        void reset() {
            upserts.clear();
            deletes.clear();
        }

        Map<String, Integer> upserts(String collection) {
            return Map.copyOf(upserts.getOrDefault(collection, Map.of()));
        }

        Map<String, Integer> deletes(String collection) {
            return Map.copyOf(deletes.getOrDefault(collection, Map.of()));
        }

        @Override
        public void upsert(String collection, List<VectorRecord> records) {
            delegate.upsert(collection, records);
            count(upserts, collection, records.stream().map(VectorRecord::id).toList());
        }

        @Override
        public void delete(String collection, Collection<String> ids) {
            delegate.delete(collection, ids);
            count(deletes, collection, ids);
        }

        private static void count(Map<String, Map<String, Integer>> counts, String collection,
                                  Collection<String> ids) {
            Map<String, Integer> perId = counts.computeIfAbsent(collection, c -> new ConcurrentHashMap<>());
            ids.forEach(id -> perId.merge(id, 1, Integer::sum));
        }
    }
}
