package io.clipstream.indexer.config;

import io.clipstream.kafka.clients.KafkaClientFactory;
import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;

/**
 * The consumers SmallRye builds for the channels follow the factory's rules too (no topic auto-creation, static
 * group membership when this replica has an id): SmallRye passes every client's settings through here before it
 * creates the client.
 */
@ApplicationScoped
public class ChannelConsumerRules implements ClientCustomizer<Map<String, Object>> {

    @Inject
    KafkaClientFactory kafka;

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        return config.containsKey(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG) ? kafka.applyConsumerRules(config)
                : config;
    }
}
