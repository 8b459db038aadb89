package io.clipstream.indexer.config;

import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.store.VectorStore;
import io.clipstream.store.milvus.MilvusSettings;
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
        IndexerConfig.Onnx onnx = config.onnx();
        ExecutionSettings execution = new ExecutionSettings(onnx.device(), onnx.requireGpu(), onnx.gpuDeviceId(),
                onnx.intraOpThreads(), onnx.interOpThreads(), onnx.spinWait());
        return ClipModel.open(config.model().dir(), new ModelOptions(config.model().variant().orElse(""), execution,
                EnumSet.of(Tower.VISION), config.model().id()));
    }

    void closeModel(@Disposes ClipModel model) {
        model.close();
    }

    @Produces
    @Singleton
    VectorStore store(IndexerConfig config) {
        IndexerConfig.Milvus m = config.milvus();
        return new MilvusVectorStore(new MilvusSettings(m.uri(), m.token().orElse(""), m.database().orElse(""),
                m.connectTimeoutMs(), m.rpcDeadlineMs(), m.hnswM(), m.hnswEfConstruction(), m.searchEf()));
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
