package io.clipstream.indexer.config;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Settings for the Kafka clients the indexer creates itself (outside the SmallRye channels): every {@code kafka.*}
 * property, as the channels get them, so that security and bootstrap settings are configured once.
 */
@ApplicationScoped
public class KafkaClients {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> defaults;

    /** The common settings plus {@code overrides}; a new map the caller may change. */
    public Map<String, Object> with(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(defaults);
        props.putAll(overrides);
        return props;
    }

    /** A new admin client; the caller closes it. */
    public Admin admin(String clientId) {
        return Admin.create(with(Map.of("client.id", clientId)));
    }
}
