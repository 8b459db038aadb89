package io.clipstream.trainer.data;

import io.clipstream.kafka.clients.KafkaClientFactory;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The plain Kafka clients a training run uses, built by the application's {@link KafkaClientFactory} (so the
 * cluster's security settings reach them): group-less readers (a run reads a time range, it does not own a
 * position), idempotent producers for the models topic, and an admin client for reindex progress.
 */
public final class KafkaClients {

    private final KafkaClientFactory kafka;

    public KafkaClients(KafkaClientFactory kafka) {
        this.kafka = kafka;
    }

    /** For tests and tools on a plain cluster that were given only its address. */
    public KafkaClients(String bootstrapServers) {
        this(KafkaClientFactory.forBootstrap(bootstrapServers));
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public KafkaConsumer<String, byte[]> reader(String clientId) {
        return kafka.consumer(clientId, new StringDeserializer(), new ByteArrayDeserializer(), Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    }

    public KafkaProducer<String, byte[]> producer(String clientId) {
        return kafka.producer(clientId, new StringSerializer(), new ByteArraySerializer(), Map.of());
    }

    public Admin admin() {
        return kafka.admin("clipstream-trainer-admin", Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "30000"));
    }
}
