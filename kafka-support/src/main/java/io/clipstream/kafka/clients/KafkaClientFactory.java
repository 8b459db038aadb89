package io.clipstream.kafka.clients;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one place Kafka clients are built. Every producer, consumer, Admin and Streams app of every service and of
 * the CLI starts from the same common settings (the {@code kafka.*} configuration with the prefix removed:
 * bootstrap servers, {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, ...), so a secured cluster needs its
 * settings once. A {@code client.id} in the common settings is a prefix: clients are named {@code <prefix>-<name>}.
 *
 * <p>Defaults that hold for every hand-made client: consumers never auto-create topics and never auto-commit
 * (offsets follow writes); producers are idempotent with {@code acks=all}. A caller's overrides win.
 */
public final class KafkaClientFactory {

    private final Map<String, Object> common;
    private final String clientIdPrefix;

    /** @param settings the {@code kafka.*} settings without the prefix; must hold {@code bootstrap.servers} */
    public KafkaClientFactory(Map<String, ?> settings) {
        Map<String, Object> copy = new HashMap<>(settings);
        Object bootstrap = copy.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null || bootstrap.toString().isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not set");
        }
        Object prefix = copy.remove(CommonClientConfigs.CLIENT_ID_CONFIG);
        this.clientIdPrefix = prefix == null || prefix.toString().isBlank() ? "" : prefix + "-";
        this.common = Collections.unmodifiableMap(copy);
    }

    /** A factory for a plain, unsecured cluster: tests and tools that were given only an address. */
    public static KafkaClientFactory forBootstrap(String bootstrapServers) {
        return new KafkaClientFactory(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public String bootstrapServers() {
        return common.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).toString();
    }

    /** The common settings (security included), read-only. */
    public Map<String, Object> common() {
        return common;
    }

    public String clientId(String name) {
        return clientIdPrefix + name;
    }

    /** Common settings, the consumer defaults, then {@code overrides}: for clients built elsewhere (SmallRye). */
    public Map<String, Object> consumerConfig(String name, Map<String, ?> overrides) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId(name));
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putAll(overrides);
        return props;
    }

    public Map<String, Object> producerConfig(String name, Map<String, ?> overrides) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId(name));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.putAll(overrides);
        return props;
    }

    public <K, V> KafkaConsumer<K, V> consumer(String name, Deserializer<K> keys, Deserializer<V> values,
                                               Map<String, ?> overrides) {
        return new KafkaConsumer<>(consumerConfig(name, overrides), keys, values);
    }

    public <K, V> KafkaProducer<K, V> producer(String name, Serializer<K> keys, Serializer<V> values,
                                               Map<String, ?> overrides) {
        return new KafkaProducer<>(producerConfig(name, overrides), keys, values);
    }

    /** A new Admin client; the caller closes it. */
    public Admin admin(String name, Map<String, ?> overrides) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId(name));
        props.putAll(overrides);
        return Admin.create(props);
    }

    public Admin admin(String name) {
        return admin(name, Map.of());
    }

    /** Properties of a Kafka Streams application: the common settings, its id, then {@code overrides}. */
    public Properties streams(String applicationId, Map<String, ?> overrides) {
        Properties props = new Properties();
        props.putAll(common);
        props.put("application.id", applicationId);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId(applicationId));
        props.putAll(overrides);
        return props;
    }
}
