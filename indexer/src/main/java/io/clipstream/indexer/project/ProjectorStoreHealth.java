package io.clipstream.indexer.project;

import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.store.VectorStore;
import io.clipstream.store.health.StoreHealth;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

/**
 * The indexer's kept view of its vector store: every projector reports its store calls here, a background ping
 * (with the probe's own short deadline) fills the gaps, and readiness reads it without calling the store.
 */
@Singleton
public class ProjectorStoreHealth {

    private final StoreHealth health;

    @Inject
    public ProjectorStoreHealth(VectorStore store, IndexerConfig config) {
        this.health = config.milvus().health(store);
    }

    public StoreHealth get() {
        return health;
    }

    @PreDestroy
    void stop() {
        health.close();
    }
}
