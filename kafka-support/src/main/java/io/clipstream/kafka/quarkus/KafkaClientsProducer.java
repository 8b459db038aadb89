package io.clipstream.kafka.quarkus;

import io.clipstream.kafka.clients.KafkaClientFactory;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The one {@link KafkaClientFactory} of a Quarkus service (and of the one-JVM mode, which runs three services on
 * one): built from every {@code kafka.*} setting, exactly the map SmallRye gives its channels, so that a client a
 * service makes by hand is configured like its channels (security included).
 */
@ApplicationScoped
public class KafkaClientsProducer {

    @Produces
    @Singleton
    KafkaClientFactory kafkaClientFactory(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                                          KafkaSettings settings) {
        Map<String, Object> common = new HashMap<>(kafka);
        // Quarkus adds the application name as a default group for channels that name none; hand-made clients
        // choose their group (or none) themselves.
        common.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaClientFactory(common).withGroupInstanceId(settings.groupInstanceId());
    }
}
