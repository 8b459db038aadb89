package io.clipstream.local;

import io.clipstream.store.VectorStore;
import io.clipstream.store.lucene.LuceneVectorStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The embedded vector store, in place of Milvus, for every service in this JVM. The model (both towers) and the
 * registry come from the query API's producers, so one copy of each serves all three services.
 */
@ApplicationScoped
public class LocalStoreProducer {

    @Produces
    @Singleton
    VectorStore store(LocalConfig config) {
        return LuceneVectorStore.open(config.storeDir());
    }

    void closeStore(@Disposes VectorStore store) {
        store.close();
    }
}
