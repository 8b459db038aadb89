package io.clipstream.indexer.config;

import io.clipstream.model.ClipModel;
import io.clipstream.model.Tower;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.config.ModelLoader;
import io.clipstream.store.VectorStore;
import io.clipstream.store.milvus.MilvusVectorStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.EnumSet;

/** Builds the model, the vector store and the adapter registry from configuration, each on first use only. */
@ApplicationScoped
public class Producers {

    /** The image tower only: the indexer never embeds text. */
    @Produces
    @Singleton
    ClipModel model(IndexerConfig config) {
        return ModelLoader.open(config.model(), config.onnx(), EnumSet.of(Tower.VISION));
    }

    void closeModel(@Disposes ClipModel model) {
        model.close();
    }

    @Produces
    @Singleton
    VectorStore store(IndexerConfig config) {
        return new MilvusVectorStore(config.milvus().settings());
    }

    void closeStore(@Disposes VectorStore store) {
        store.close();
    }

    /** The registry folder the trainer writes fine-tuned versions to; read-only here. */
    @Produces
    @Singleton
    AdapterRegistry registry(IndexerConfig config) {
        return new AdapterRegistry(config.registry().dir());
    }
}
