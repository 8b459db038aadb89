package io.clipstream.indexer.config;

import io.clipstream.kafka.clients.KafkaClientFactory;
import io.quarkus.arc.DefaultBean;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The indexer's {@link KafkaClientFactory}, from every {@code kafka.*} setting as the SmallRye channels get them.
 * A default bean: a shared producer of the factory, where one exists, takes its place.
 */
@ApplicationScoped
public class KafkaFactoryProducer {

    @Produces
    @Singleton
    @DefaultBean
    KafkaClientFactory kafkaClientFactory(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        return new KafkaClientFactory(kafka);
    }
}
