package io.clipstream.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.filter.FieldType;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.filter.FilterField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a store acknowledged is there after it is closed and its directory opened again. */
class LuceneRestartTest {

    private static final int DIMS = 16;

    @TempDir
    Path directory;

    /**
     * The text fields are kept with the collection: after a reopen keyword search still works, through an alias
     * too, and a collection created before text fields existed still has none (its records were never indexed).
     */
    @Test
    void textFieldsSurviveAReopenAndOldCollectionsStayWithout() {
        VectorRecord captioned = new VectorRecord("cap", RandomVectors.records("v", 0, 1, DIMS, new Random(3)).getFirst().vector(), "", "image/png",
                Map.of("caption", "a red kite"), 1, 1);
        try (LuceneVectorStore store = LuceneVectorStore.open(directory)) {
            store.ensureCollection(new CollectionSpec("images_m_v1", DIMS, List.of("caption")));
            store.ensureCollection(new CollectionSpec("images_old_v1", DIMS));
            store.upsert("images_m_v1", List.of(captioned));
            store.upsert("images_old_v1", List.of(captioned));
        }

        try (LuceneVectorStore reopened = LuceneVectorStore.open(directory)) {
            reopened.ensureCollection(new CollectionSpec("images_old_v1", DIMS, List.of("caption")));
            reopened.pointAlias("images_m_live", "images_m_v1");

            assertThat(reopened.supportsKeywordSearch("images_m_live")).isTrue();
            assertThat(reopened.keywordSearch("images_m_live", "kite", 10, 0, Filter.NONE))
                    .extracting(SearchHit::id).containsExactly("cap");
            assertThat(reopened.supportsKeywordSearch("images_old_v1")).isFalse();
        }
    }

    @Test
    void collectionsRecordsAndAliasesSurviveAReopen() {
        List<VectorRecord> records = RandomVectors.records("img", 0, 50, DIMS, new Random(1));
        try (LuceneVectorStore store = LuceneVectorStore.open(directory)) {
            store.ensureCollection(new CollectionSpec("images_m_v1", DIMS));
            store.ensureCollection(new CollectionSpec("images_m_v2", DIMS));
            store.ensureCollection(new CollectionSpec("images_gone_v1", DIMS));
            store.upsert("images_m_v1", records);
            store.delete("images_m_v1", List.of("img7"));
            store.pointAlias("images_m_live", "images_m_v2");
            store.pointAlias("images_m_live", "images_m_v1");
            store.dropCollection("images_gone_v1");
        }

        try (LuceneVectorStore reopened = LuceneVectorStore.open(directory)) {
            assertThat(reopened.listCollections()).containsExactly("images_m_v1", "images_m_v2");
            assertThat(reopened.aliasTarget("images_m_live")).contains("images_m_v1");
            assertThat(reopened.count("images_m_v1")).isEqualTo(49);
            assertThat(reopened.count("images_m_v2")).isZero();
            VectorRecord back = reopened.get("images_m_v1", List.of("img3")).getFirst();
            assertThat(back.vector()).containsExactly(records.get(3).vector());
            assertThat(back.metadata()).isEqualTo(Map.of("n", 3L, "album", "odd"));
            assertThat(back.indexedTimeMs()).isEqualTo(records.get(3).indexedTimeMs());

            List<SearchHit> hits = reopened.search("images_m_live", records.get(3).vector(), 1, 0,
                    new Filter.Eq(FilterField.metadata("album", FieldType.STRING), "odd"));
            assertThat(hits).extracting(SearchHit::id).containsExactly("img3");

            reopened.upsert("images_m_v2", records.subList(0, 5));
        }

        try (LuceneVectorStore again = LuceneVectorStore.open(directory)) {
            assertThat(again.count("images_m_v2")).isEqualTo(5);
            assertThat(again.allIds("images_m_v1")).hasSize(49).doesNotContain("img7");
        }
    }

    /** What a crash would leave: the last commit, read beside the open store without its writer. */
    @Test
    void anAcknowledgedWriteIsAlreadyInTheLastCommit() throws Exception {
        try (LuceneVectorStore store = LuceneVectorStore.open(directory)) {
            store.ensureCollection(new CollectionSpec("images_durable_v1", DIMS));
            store.upsert("images_durable_v1", RandomVectors.records("d", 0, 20, DIMS, new Random(3)));
            assertThat(committedDocs("images_durable_v1")).isEqualTo(20);

            store.delete("images_durable_v1", List.of("d1", "d2"));
            assertThat(committedDocs("images_durable_v1")).isEqualTo(18);
        }
    }

    private int committedDocs(String collection) throws Exception {
        try (FSDirectory index = FSDirectory.open(directory.resolve("collections").resolve(collection));
             DirectoryReader commit = DirectoryReader.open(index)) {
            return commit.numDocs();
        }
    }

    @Test
    void aCollectionWhoseCreationNeverCommittedIsRemovedOnOpen() throws Exception {
        Files.createDirectories(directory.resolve("collections").resolve("half_made"));
        Files.createDirectories(directory.resolve("dropped").resolve("half_dropped"));

        try (LuceneVectorStore store = LuceneVectorStore.open(directory)) {
            assertThat(store.listCollections()).isEmpty();
            assertThat(directory.resolve("collections").resolve("half_made")).doesNotExist();
            assertThat(directory.resolve("dropped")).doesNotExist();
        }
    }

    @Test
    void aClosedStoreIsNotReachable() {
        LuceneVectorStore store = LuceneVectorStore.open(directory);
        assertThat(store.isReachable()).isTrue();

        store.close();

        assertThat(store.isReachable()).isFalse();
        assertThatThrownBy(() -> store.count("any")).as("a caller still stopping must not take it for a refusal")
                .isInstanceOfSatisfying(VectorStoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(VectorStoreException.Kind.UNAVAILABLE));
    }
}
