package io.clipstream.indexer.config;

import io.clipstream.kafka.clients.KafkaClientFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Consumer settings and Admin clients for the indexer's own loops, from the application's one
 * {@link KafkaClientFactory}: for code that completes the settings itself (its group, its client id) before it
 * builds the consumer. New code asks the factory directly.
 */
@ApplicationScoped
public class KafkaClients {

    @Inject
    KafkaClientFactory kafka;

    /**
     * The factory's consumer settings plus {@code overrides}; a new map the caller may change. The static group
     * membership is included, since the caller may still add a group (a consumer without one ignores it).
     */
    public Map<String, Object> with(Map<String, Object> overrides) {
        Map<String, Object> props = kafka.consumerConfig("indexer", overrides);
        kafka.groupInstanceId().ifPresent(id -> props.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return new HashMap<>(props);
    }

    /** A new admin client; the caller closes it. */
    public Admin admin(String clientId) {
        return kafka.admin(clientId);
    }
}
