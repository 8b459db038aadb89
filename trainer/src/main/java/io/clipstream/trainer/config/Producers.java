package io.clipstream.trainer.config;

import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.store.VectorStore;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.trainer.data.KafkaClients;
import io.clipstream.trainer.models.ModelsLog;
import io.clipstream.trainer.models.VersionActivator;
import io.clipstream.trainer.registry.RunReports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.EnumSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the text tower, the vector store, the registry and the Kafka-backed model bookkeeping. */
@ApplicationScoped
public class Producers {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Only the text tower: image vectors come from the embeddings log, never from the backbone again. */
    @Produces
    @Singleton
    ClipModel model(TrainerConfig config) {
        TrainerConfig.Onnx onnx = config.onnx();
        ExecutionSettings execution = new ExecutionSettings(onnx.device(), onnx.requireGpu(), onnx.gpuDeviceId(),
                onnx.intraOpThreads(), onnx.interOpThreads(), onnx.spinWait());
        return ClipModel.open(config.model().dir(), new ModelOptions(config.model().variant().orElse(""), execution,
                EnumSet.of(Tower.TEXT), config.model().id()));
    }

    void closeModel(@Disposes ClipModel model) {
        model.close();
    }

    @Produces
    @Singleton
    VectorStore store(TrainerConfig config) {
        TrainerConfig.Milvus m = config.milvus();
        return new MilvusVectorStore(new MilvusSettings(m.uri(), m.token().orElse(""), m.database().orElse(""),
                m.connectTimeoutMs(), m.rpcDeadlineMs(), m.hnswM(), m.hnswEfConstruction(), m.searchEf()));
    }

    void closeStore(@Disposes VectorStore store) {
        store.close();
    }

    @Produces
    @Singleton
    AdapterRegistry registry(TrainerConfig config) {
        return new AdapterRegistry(config.registry().dir());
    }

    @Produces
    @Singleton
    RunReports reports(TrainerConfig config) {
        return new RunReports(config.registry().dir(), config.model().id());
    }

    @Produces
    @Singleton
    KafkaClients kafka() {
        return new KafkaClients(bootstrapServers);
    }

    @Produces
    @Singleton
    ModelsLog modelsLog(KafkaClients kafka, TrainerConfig config) {
        return new ModelsLog(kafka, config.topics().models());
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    VersionActivator activator(TrainerConfig config, ClipModel model, VectorStore store, AdapterRegistry registry,
                               ModelsLog models, Clock clock) {
        return new VersionActivator(config.model().id(), model.dims(), config.trainer().alias(), store, registry,
                models, clock);
    }
}
