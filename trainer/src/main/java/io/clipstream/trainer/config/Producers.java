package io.clipstream.trainer.config;

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

/**
 * Builds the text tower, the vector store and the registry: the infrastructure beans, which an application that
 * embeds the trainer beside other services replaces with its own (one model and one store for all).
 */
@ApplicationScoped
public class Producers {

    /** Only the text tower: image vectors come from the embeddings log, never from the backbone again. */
    @Produces
    @Singleton
    ClipModel model(TrainerConfig config) {
        return ModelLoader.open(config.model(), config.onnx(), EnumSet.of(Tower.TEXT));
    }

    void closeModel(@Disposes ClipModel model) {
        model.close();
    }

    @Produces
    @Singleton
    VectorStore store(TrainerConfig config) {
        return new MilvusVectorStore(config.milvus().settings());
    }

    void closeStore(@Disposes VectorStore store) {
        store.close();
    }

    @Produces
    @Singleton
    AdapterRegistry registry(TrainerConfig config) {
        return new AdapterRegistry(config.registry().dir());
    }
}
