package io.clipstream.trainer.config;

import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.trainer.data.KafkaClients;
import io.clipstream.trainer.registry.RunReports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Builds the trainer's own beans: run reports, the readers' Kafka clients and the clock. */
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
    Clock clock() {
        return Clock.systemUTC();
    }
}
