package io.clipstream.trainer.config;

import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.model.ClipModel;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.store.VectorStore;
import io.clipstream.trainer.data.KafkaClients;
import io.clipstream.trainer.models.ModelsLog;
import io.clipstream.trainer.models.VersionActivator;
import io.clipstream.trainer.registry.RunReports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Builds the trainer's own beans: run reports, Kafka clients, the models log and the version activator. */
@ApplicationScoped
public class VersionProducers {

    @Produces
    @Singleton
    RunReports reports(TrainerConfig config) {
        return new RunReports(config.registry().dir(), config.model().id());
    }

    @Produces
    @Singleton
    KafkaClients kafka(KafkaClientFactory factory) {
        return new KafkaClients(factory);
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
