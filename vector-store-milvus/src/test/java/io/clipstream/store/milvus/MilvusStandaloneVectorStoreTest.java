package io.clipstream.store.milvus;

import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreContract;
import io.clipstream.testing.MilvusStandalone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against the real Milvus 2.3.5 standalone server (PyPI {@code milvus}), whatever the
 * infrastructure {@link MilvusVectorStoreTest} runs on: the adapter must work on a real server as on Milvus Lite.
 */
class MilvusStandaloneVectorStoreTest extends VectorStoreContract {

    private static MilvusVectorStore store;

    @BeforeAll
    static void connect() {
        store = new MilvusVectorStore(MilvusSettings.of(MilvusStandalone.shared().uri()));
    }

    @AfterAll
    static void disconnect() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected VectorStore store() {
        return store;
    }

    @Override
    protected boolean ranksText() {
        return false;
    }
}
