package io.clipstream.trainer.config;

import io.clipstream.trainer.data.KafkaClients;
import io.clipstream.trainer.registry.RunReports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the trainer's own beans: run reports, the readers' Kafka clients and the clock. */
@ApplicationScoped
public class VersionProducers {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

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
    Clock clock() {
        return Clock.systemUTC();
    }
}
