package io.clipstream.query.config;

import io.clipstream.store.VectorStore;
import io.clipstream.store.milvus.MilvusVectorStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The vector store searched here: Milvus. An application embedding the query API may bring another store. */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @Singleton
    VectorStore store(QueryConfig config) {
        return new MilvusVectorStore(config.milvus().settings());
    }

    void closeStore(@Disposes VectorStore store) {
        store.close();
    }
}
