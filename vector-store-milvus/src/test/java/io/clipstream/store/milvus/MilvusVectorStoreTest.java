package io.clipstream.store.milvus;

import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreContract;
import io.clipstream.testing.MilvusLite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against a real Milvus-protocol server (Milvus Lite). */
class MilvusVectorStoreTest extends VectorStoreContract {

    private static MilvusVectorStore store;

    @BeforeAll
    static void connect() {
        store = new MilvusVectorStore(MilvusSettings.of(MilvusLite.shared().uri()));
    }

    @AfterAll
    static void disconnect() {
        store.close();
    }

    @Override
    protected VectorStore store() {
        return store;
    }
}
