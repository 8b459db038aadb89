package io.clipstream.store.milvus;

import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreContract;
import io.clipstream.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against a real Milvus-protocol server: Milvus Lite, or Milvus in a container. */
class MilvusVectorStoreTest extends VectorStoreContract {

    private static MilvusVectorStore store;

    @BeforeAll
    static void connect() {
        store = new MilvusVectorStore(MilvusSettings.of(TestInfrastructure.get().milvusUri()));
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
        return true;
    }
}
