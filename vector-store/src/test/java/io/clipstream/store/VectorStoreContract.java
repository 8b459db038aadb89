package io.clipstream.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VectorStore} adapter must show. Adapters extend this class in their own tests and
 * provide a store connected to a real server.
 */
public abstract class VectorStoreContract {

    private static final AtomicInteger COLLECTIONS = new AtomicInteger();
    protected static final int DIMS = 8;

    /** A store connected to the system under test; the same instance for the whole class is fine. */
    protected abstract VectorStore store();

    protected String freshCollection() {
        String name = "contract_" + getClass().getSimpleName().toLowerCase() + "_" + ProcessHandle.current().pid()
                + "_" + COLLECTIONS.incrementAndGet();
        store().ensureCollection(new CollectionSpec(name, DIMS));
        return name;
    }

    @Test
    void ensureCollectionIsIdempotent() {
        String c = freshCollection();

        store().ensureCollection(new CollectionSpec(c, DIMS));

        assertThat(store().collectionExists(c)).isTrue();
        assertThat(store().listCollections()).contains(c);
        assertThat(store().count(c)).isZero();
    }

    @Test
    void upsertedRecordsReadBackWithAllFields() {
        String c = freshCollection();
        VectorRecord a = record("a", 1, "https://example.org/a.jpg", Map.of("album", "pets", "rating", 5,
                "public", true));
        VectorRecord b = record("b", 2, "", Map.of());

        store().upsert(c, List.of(a, b));

        assertThat(store().count(c)).isEqualTo(2);
        assertThat(store().allIds(c)).containsExactlyInAnyOrder("a", "b");
        VectorRecord back = store().get(c, List.of("a", "missing")).getFirst();
        assertThat(store().get(c, List.of("a", "missing"))).hasSize(1);
        assertThat(back.id()).isEqualTo("a");
        assertThat(back.url()).isEqualTo("https://example.org/a.jpg");
        assertThat(back.contentType()).isEqualTo("image/jpeg");
        assertThat(back.metadata()).containsEntry("album", "pets").containsEntry("public", true);
        assertThat(((Number) back.metadata().get("rating")).intValue()).isEqualTo(5);
        assertThat(back.eventTimeMs()).isEqualTo(a.eventTimeMs());
        for (int i = 0; i < DIMS; i++) {
            assertThat(back.vector()[i]).isCloseTo(a.vector()[i], within(1e-6f));
        }
    }

    @Test
    void upsertReplacesTheWholeRecord() {
        String c = freshCollection();
        store().upsert(c, List.of(record("x", 1, "https://example.org/old.jpg", Map.of("v", "old", "gone", 1))));

        VectorRecord replacement = record("x", 9, "https://example.org/new.jpg", Map.of("v", "new"));
        store().upsert(c, List.of(replacement));

        VectorRecord back = store().get(c, List.of("x")).getFirst();
        assertThat(store().count(c)).isEqualTo(1);
        assertThat(back.url()).isEqualTo("https://example.org/new.jpg");
        assertThat(back.metadata()).isEqualTo(Map.of("v", "new"));
        assertThat(back.vector()[0]).isCloseTo(replacement.vector()[0], within(1e-6f));
    }

    @Test
    void deleteRemovesAndIgnoresAbsentIds() {
        String c = freshCollection();
        store().upsert(c, List.of(record("a", 1, "", Map.of()), record("b", 2, "", Map.of())));

        store().delete(c, List.of("a", "never-existed"));

        assertThat(store().allIds(c)).containsExactly("b");
        assertThat(store().get(c, List.of("a"))).isEmpty();
    }

    @Test
    void searchRanksByCosineAndPagesConsistently() {
        String c = freshCollection();
        float[] query = unit(new Random(42));
        List<VectorRecord> records = List.of(
                withVector("far", negate(query)),
                withVector("exact", query.clone()),
                withVector("near", nudge(query, 0.1f)),
                withVector("mid", nudge(query, 0.6f)),
                withVector("farther", nudge(negate(query), 0.2f)));
        store().upsert(c, records);

        List<SearchHit> top = store().search(c, query, 4, 0);
        List<SearchHit> secondPage = store().search(c, query, 2, 2);

        assertThat(top).extracting(SearchHit::id).containsExactly("exact", "near", "mid", "farther");
        assertThat(top.getFirst().similarity()).isCloseTo(1.0, within(1e-4));
        assertThat(top.get(0).similarity()).isGreaterThan(top.get(1).similarity());
        assertThat(secondPage).extracting(SearchHit::id).containsExactly("mid", "farther");
    }

    @Test
    void anAliasPointsAtOneCollectionAndMovesAtomically() {
        String v0 = freshCollection();
        String v1 = freshCollection();
        String alias = v0 + "_live";
        store().upsert(v0, List.of(record("only-in-v0", 1, "", Map.of())));
        store().upsert(v1, List.of(record("only-in-v1", 2, "", Map.of())));

        store().pointAlias(alias, v0);
        assertThat(store().aliasTarget(alias)).contains(v0);
        assertThat(store().search(alias, unit(new Random(1)), 5, 0)).extracting(SearchHit::id)
                .containsExactly("only-in-v0");

        store().pointAlias(alias, v1);
        assertThat(store().aliasTarget(alias)).contains(v1);
        assertThat(store().search(alias, unit(new Random(2)), 5, 0)).extracting(SearchHit::id)
                .containsExactly("only-in-v1");
        assertThat(store().aliasTarget("no_such_alias_" + ProcessHandle.current().pid())).isEmpty();
    }

    @Test
    void droppedCollectionsAreGone() {
        String c = freshCollection();

        store().dropCollection(c);

        assertThat(store().collectionExists(c)).isFalse();
        assertThat(store().isReachable()).isTrue();
    }

    protected static VectorRecord record(String id, long seed, String url, Map<String, Object> metadata) {
        return new VectorRecord(id, unit(new Random(seed)), url, "image/jpeg", metadata, 1_780_000_000_000L + seed,
                1_780_000_100_000L);
    }

    private static VectorRecord withVector(String id, float[] vector) {
        return new VectorRecord(id, vector, "", "image/png", Map.of(), 0, 0);
    }

    protected static float[] unit(Random random) {
        float[] v = new float[DIMS];
        double norm = 0;
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < DIMS; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static float[] negate(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private static float[] nudge(float[] v, float amount) {
        float[] out = v.clone();
        out[0] += amount;
        out[1] -= amount;
        double norm = 0;
        for (float x : out) {
            norm += x * x;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= (float) Math.sqrt(norm);
        }
        return out;
    }
}
