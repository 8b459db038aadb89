package io.clipstream.store.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.filter.Filter;
import io.clipstream.testing.MilvusServer;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.index.request.DropIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A collection its creator left without an index (it died between creating the collection and its index, or
 * another replica is still creating it) is completed by the next {@code ensureCollection}: Milvus 2.3 refuses to
 * load a collection without an index, so skipping the index for an existing collection would stall every projector
 * of that version for good. And a collection the server no longer has loaded is loaded again by the next call
 * that needs it.
 */
class MilvusCollectionSetupTest {

    private static final AtomicInteger COLLECTIONS = new AtomicInteger();

    @ParameterizedTest
    @EnumSource(MilvusServer.Kind.class)
    void ensureCollectionBuildsAMissingIndex(MilvusServer.Kind kind) {
        String uri = kind.shared().uri();
        String c = "setup_" + ProcessHandle.current().pid() + "_" + COLLECTIONS.incrementAndGet();
        try (MilvusVectorStore store = new MilvusVectorStore(MilvusSettings.of(uri))) {
            store.ensureCollection(new CollectionSpec(c, 4));
            MilvusClientV2 sdk = new MilvusClientV2(ConnectConfig.builder().uri(uri).build());
            try {
                sdk.releaseCollection(ReleaseCollectionReq.builder().collectionName(c).build());
                sdk.dropIndex(DropIndexReq.builder().collectionName(c).fieldName(MilvusVectorStore.VECTOR).build());
                assertThat(indexes(sdk, c)).as("the state a dead creator leaves").isEmpty();

                store.ensureCollection(new CollectionSpec(c, 4));

                assertThat(indexes(sdk, c)).containsExactly(MilvusVectorStore.VECTOR);
            } finally {
                sdk.close();
            }
            store.upsert(c, List.of(new VectorRecord("a", new float[] {1, 0, 0, 0}, "", "", Map.of(), 1, 1)));
            assertThat(store.search(c, new float[] {1, 0, 0, 0}, 1, 0, Filter.NONE)).extracting(SearchHit::id)
                    .containsExactly("a");
        }
    }

    /** A collection released under the store (as after a server restart) is loaded by the first call needing it. */
    @ParameterizedTest
    @EnumSource(MilvusServer.Kind.class)
    void aReleasedCollectionIsLoadedAgainWithinTheCallsDeadline(MilvusServer.Kind kind) {
        String uri = kind.shared().uri();
        String c = "setup_" + ProcessHandle.current().pid() + "_" + COLLECTIONS.incrementAndGet();
        try (MilvusVectorStore store = new MilvusVectorStore(MilvusSettings.of(uri).withDeadlines(5_000, 5_000))) {
            store.ensureCollection(new CollectionSpec(c, 4));
            store.upsert(c, List.of(new VectorRecord("a", new float[] {1, 0, 0, 0}, "", "", Map.of(), 1, 1)));
            MilvusClientV2 sdk = new MilvusClientV2(ConnectConfig.builder().uri(uri).build());
            try {
                sdk.releaseCollection(ReleaseCollectionReq.builder().collectionName(c).build());
            } finally {
                sdk.close();
            }
            assertThat(store.search(c, new float[] {1, 0, 0, 0}, 1, 0, Filter.NONE)).extracting(SearchHit::id)
                    .containsExactly("a");
        }
    }

    private static List<String> indexes(MilvusClientV2 sdk, String collection) {
        return sdk.listIndexes(ListIndexesReq.builder().collectionName(collection)
                .fieldName(MilvusVectorStore.VECTOR).build());
    }
}
