package io.clipstream.kafka.clients;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
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
 *
 * <p>Static group membership: with a {@linkplain #withGroupInstanceId group instance id} (this replica's stable
 * id), every consumer that joins a group does so as {@code group.instance.id=<id>}, so a replica restarted under
 * the same id gets its partitions back at once instead of after the dead member's session timeout. The same rule
 * reaches consumers built elsewhere (SmallRye channels) through {@link #applyConsumerRules(Map)}.
 */
public final class KafkaClientFactory {

    private final Map<String, Object> common;
    private final String clientIdPrefix;
    private final Optional<String> groupInstanceId;

    /** @param settings the {@code kafka.*} settings without the prefix; must hold {@code bootstrap.servers} */
    public KafkaClientFactory(Map<String, ?> settings) {
        this(settings, Optional.empty());
    }

    private KafkaClientFactory(Map<String, ?> settings, Optional<String> groupInstanceId) {
        Map<String, Object> copy = new HashMap<>(settings);
        Object bootstrap = copy.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null || bootstrap.toString().isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not set");
        }
        Object prefix = copy.remove(CommonClientConfigs.CLIENT_ID_CONFIG);
        this.clientIdPrefix = prefix == null || prefix.toString().isBlank() ? "" : prefix + "-";
        if (prefix != null && !prefix.toString().isBlank()) {
            copy.put(CommonClientConfigs.CLIENT_ID_CONFIG, prefix);
        }
        this.common = copy;
        this.groupInstanceId = groupInstanceId.filter(id -> !id.isBlank());
    }

    /** A factory for a plain, unsecured cluster: tests and tools that were given only an address. */
    public static KafkaClientFactory forBootstrap(String bootstrapServers) {
        return new KafkaClientFactory(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * The same factory whose group consumers join with {@code group.instance.id=<replicaId>} (static membership);
     * an empty or blank id means dynamic membership. The id must be stable across restarts of one replica and
     * differ between replicas: two live consumers with one id in one group fence each other.
     */
    public KafkaClientFactory withGroupInstanceId(Optional<String> replicaId) {
        return new KafkaClientFactory(common, replicaId);
    }

    public String bootstrapServers() {
        return common.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).toString();
    }

    /** The common settings (security included, the client id prefix as {@code client.id}), read-only. */
    public Map<String, Object> common() {
        return Collections.unmodifiableMap(common);
    }

    /** This replica's static group membership id, if it has one. */
    public Optional<String> groupInstanceId() {
        return groupInstanceId;
    }

    public String clientId(String name) {
        return clientIdPrefix + name;
    }

    /**
     * Where and how this factory connects, for messages: {@code 127.0.0.1:9093 (SASL_SSL, SCRAM-SHA-512)}; never a
     * secret.
     */
    public String describe() {
        String protocol = String.valueOf(common.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL));
        Object mechanism = common.get(SaslConfigs.SASL_MECHANISM);
        boolean sasl = protocol.toUpperCase(java.util.Locale.ROOT).startsWith("SASL");
        return bootstrapServers() + " (" + protocol + (sasl ? ", " + (mechanism == null
                ? SaslConfigs.DEFAULT_SASL_MECHANISM : mechanism) : "") + ")";
    }

    /** Common settings, the consumer defaults, then {@code overrides}. */
    public Map<String, Object> consumerConfig(String name, Map<String, ?> overrides) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId(name));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putAll(overrides);
        return applyConsumerRules(props);
    }

    /**
     * The rules every consumer of this application follows, also those SmallRye builds for its channels: topics
     * are never auto-created by a read, and a consumer that joins a group does so under this replica's static id
     * when it has one. Settings already there win; returns {@code config}, changed in place.
     */
    public Map<String, Object> applyConsumerRules(Map<String, Object> config) {
        config.putIfAbsent(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        Object group = config.get(ConsumerConfig.GROUP_ID_CONFIG);
        if (groupInstanceId.isPresent() && group != null && !group.toString().isBlank()) {
            config.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId.get());
        }
        return config;
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

    /** Common settings, the client id, then {@code overrides}: for an Admin client. */
    public Map<String, Object> adminConfig(String name, Map<String, ?> overrides) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId(name));
        props.putAll(overrides);
        return props;
    }

    /** A new Admin client; the caller closes it. */
    public Admin admin(String name, Map<String, ?> overrides) {
        return Admin.create(adminConfig(name, overrides));
    }

    public Admin admin(String name) {
        return admin(name, Map.of());
    }

    /**
     * Properties of a Kafka Streams application: the common settings, its id, its main consumer's static
     * membership (Kafka Streams suffixes the id per stream thread), then {@code overrides}.
     */
    public Properties streams(String applicationId, Map<String, ?> overrides) {
        Objects.requireNonNull(applicationId, "applicationId");
        Properties props = new Properties();
        props.putAll(common);
        props.put("application.id", applicationId);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId(applicationId));
        groupInstanceId.ifPresent(id -> props.put("main.consumer." + ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        props.putAll(overrides);
        return props;
    }
}
