package io.clipstream.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.filter.FilterField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour of the Lucene store beyond the shared contract. */
class LuceneStoreEdgesTest {

    private static final int DIMS = 4;

    @TempDir
    Path directory;

    @Test
    void anAliasToAMissingCollectionIsRefusedWithItsName() {
        try (LuceneVectorStore store = LuceneVectorStore.open(directory)) {
            assertThatThrownBy(() -> store.pointAlias("images_live", "images_none_v1"))
                    .isInstanceOfSatisfying(VectorStoreException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("images_none_v1").hasMessageContaining("does not exist");
            assertThat(store.aliasTarget("images_live")).isEmpty();
        }
    }

    @Test
    void anAliasFileNamingAMissingCollectionFailsSearchesClearly() throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("aliases.json"), "{\"images_live\":\"images_lost_v3\"}");

        try (LuceneVectorStore store = LuceneVectorStore.open(directory)) {
            assertThat(store.aliasTarget("images_live")).contains("images_lost_v3");
            assertThat(store.collectionExists("images_live")).isFalse();
            assertThatThrownBy(() -> store.search("images_live", new float[] {1, 0, 0, 0}, 5, 0))
                    .isInstanceOfSatisfying(VectorStoreException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("alias images_live points at collection images_lost_v3, which does not exist");
        }
    }

    @Test
    void namesOfAliasesAndCollectionsDoNotCollide() {
        try (LuceneVectorStore store = LuceneVectorStore.open(directory)) {
            store.ensureCollection(new CollectionSpec("images_a_v1", DIMS));
            store.ensureCollection(new CollectionSpec("images_a_v2", DIMS));
            store.pointAlias("images_a_live", "images_a_v1");

            assertThatThrownBy(() -> store.pointAlias("images_a_v2", "images_a_v1"))
                    .isInstanceOf(VectorStoreException.class).hasMessageContaining("name of a collection");
            assertThatThrownBy(() -> store.ensureCollection(new CollectionSpec("images_a_live", DIMS)))
                    .isInstanceOf(VectorStoreException.class).hasMessageContaining("already an alias");
            assertThatThrownBy(() -> store.ensureCollection(new CollectionSpec("images_a_v1", DIMS + 1)))
                    .isInstanceOf(VectorStoreException.class).hasMessageContaining("exists with 4 dimensions");
            assertThat(store.collectionExists("images_a_live")).isTrue();
        }
    }

    @Test
    void aQueryOfTheWrongDimensionOrWithoutLengthIsRefused() {
        try (LuceneVectorStore store = LuceneVectorStore.open(directory)) {
            store.ensureCollection(new CollectionSpec("images_d_v1", DIMS));

            assertThatThrownBy(() -> store.search("images_d_v1", new float[DIMS + 1], 5, 0))
                    .isInstanceOfSatisfying(VectorStoreException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("5 dimensions");
            assertThatThrownBy(() -> store.search("images_d_v1", new float[DIMS], 5, 0))
                    .isInstanceOfSatisfying(VectorStoreException.class, e -> assertThat(e.retryable()).isFalse());
            assertThatThrownBy(() -> store.upsert("images_d_v1", List.of(new VectorRecord("z", new float[DIMS], "",
                    "", Map.of(), 0, 0))))
                    .isInstanceOfSatisfying(VectorStoreException.class, e -> assertThat(e.retryable()).isFalse());
        }
    }

    @Test
    void vectorsReadBackAsWrittenAndSimilarityIsTheirCosine() {
        float[] long1 = {3, 4, 0, 0};
        float[] long2 = {-2, 0.5f, 7, 1};
        float[] query = {1, 2, 3, 4};
        try (LuceneVectorStore store = LuceneVectorStore.open(directory)) {
            store.ensureCollection(new CollectionSpec("images_raw_v1", DIMS));
            store.upsert("images_raw_v1", List.of(new VectorRecord("one", long1, "", "", Map.of(), 0, 0),
                    new VectorRecord("two", long2, "", "", Map.of(), 0, 0)));

            assertThat(store.get("images_raw_v1", List.of("one")).getFirst().vector()).containsExactly(long1);
            List<SearchHit> hits = store.search("images_raw_v1", query, 2, 0);
            assertThat(hits).extracting(SearchHit::id).containsExactly("two", "one");
            assertThat(hits.get(0).similarity()).isCloseTo(RandomVectors.cosine(long2, query), within(1e-6));
            assertThat(hits.get(1).similarity()).isCloseTo(RandomVectors.cosine(long1, query), within(1e-6));
        }
    }

    /** Equal similarities are ordered by id on both search paths, so pages join up. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1_000})
    void equalSimilaritiesPageInIdOrder(int exactMaxDocs) {
        List<VectorRecord> twins = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            twins.add(new VectorRecord(String.format("t%02d", 29 - i), new float[] {1, 1, 0, 0}, "", "", Map.of(), 0,
                    0));
        }
        try (LuceneVectorStore store = LuceneVectorStore.open(directory, exactMaxDocs)) {
            store.ensureCollection(new CollectionSpec("images_ties_v1", DIMS));
            store.upsert("images_ties_v1", twins);

            List<String> pages = new ArrayList<>();
            for (int offset = 0; offset < 30; offset += 7) {
                store.search("images_ties_v1", new float[] {1, 0, 0, 0}, 7, offset).forEach(h -> pages.add(h.id()));
            }
            assertThat(pages).isEqualTo(twins.stream().map(VectorRecord::id).sorted().toList());
        }
    }

    @Test
    void anEqualityOnATimeFinerThanMillisecondsIsTheCallersError() {
        try (LuceneVectorStore store = LuceneVectorStore.open(directory)) {
            store.ensureCollection(new CollectionSpec("images_t_v1", DIMS));

            assertThatThrownBy(() -> store.search("images_t_v1", new float[] {1, 0, 0, 0}, 5, 0,
                    new Filter.Eq(FilterField.EVENT_TIME, Instant.ofEpochMilli(5).plusNanos(1))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finer than");
        }
    }
}
