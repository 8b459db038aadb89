package io.clipstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void sharedBrokerCreatesTopicsAndRoundTripsARecordThroughAConsumerGroup() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        assertThat(KafkaBroker.shared()).isSameAs(broker);

        broker.createTopic("round-trip", 3, Map.of("retention.ms", "600000"));
        broker.createTopic("round-trip", 3, Map.of()); // idempotent
        try (Admin admin = broker.admin()) {
            assertThat(admin.describeTopics(List.of("round-trip")).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get("round-trip").partitions()).hasSize(3);
        }

        produce(broker, "round-trip", "clip-1", "indexed");

        // Subscribing with a group also proves the single-replica __consumer_offsets topic can be created.
        try (KafkaConsumer<String, String> consumer = consumer(broker, "group-" + UUID.randomUUID())) {
            consumer.subscribe(List.of("round-trip"));
            List<ConsumerRecord<String, String>> records = pollUntilAny(consumer);
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("clip-1");
                assertThat(r.value()).isEqualTo("indexed");
            });
            consumer.commitSync(Duration.ofSeconds(10));
        }
    }

    @Test
    void dataSurvivesACleanRestartAndACrash() throws Exception {
        try (KafkaBroker broker = KafkaBroker.builder().autoCreateTopics(false).start()) {
            String servers = broker.bootstrapServers();
            broker.createTopic("durable", 1, Map.of());
            produce(broker, "durable", "k", "before-restart");

            broker.restart();
            assertThat(broker.bootstrapServers()).isEqualTo(servers);
            assertThat(readAll(broker, "durable")).containsExactly("before-restart");

            produce(broker, "durable", "k", "before-crash");
            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            broker.start();
            assertThat(readAll(broker, "durable")).containsExactly("before-restart", "before-crash");
        }
    }

    private static void produce(KafkaBroker broker, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = broker.clients().producer("test", new StringSerializer(),
                new StringSerializer(), Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(15, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(KafkaBroker broker, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(broker, null)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(15)).get(partition);
            List<String> values = new ArrayList<>();
            Awaitility.await("records up to offset " + end + " of " + topic)
                    .atMost(Duration.ofSeconds(20))
                    .pollInSameThread()
                    .pollInterval(Duration.ZERO)
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                        return consumer.position(partition) >= end;
                    });
            return values;
        }
    }

    private static List<ConsumerRecord<String, String>> pollUntilAny(KafkaConsumer<String, String> consumer) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        Awaitility.await("a record")
                .atMost(Duration.ofSeconds(30))
                .pollInSameThread()
                .pollInterval(Duration.ZERO)
                .until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                    return !records.isEmpty();
                });
        return records;
    }

    private static KafkaConsumer<String, String> consumer(KafkaBroker broker, String groupId) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"));
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return broker.clients().consumer("test", new StringDeserializer(), new StringDeserializer(), config);
    }
}
