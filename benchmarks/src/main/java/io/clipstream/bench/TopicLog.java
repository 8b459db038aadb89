package io.clipstream.bench;

import io.clipstream.kafka.clients.KafkaClientFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the benchmark's topics without a consumer group: how many records a topic holds (the sum of its end
 * offsets, one cheap request) and, after a row, every record with its broker append time. One long-lived client,
 * so that watching costs the indexer next to nothing.
 */
final class TopicLog implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;

    TopicLog(KafkaClientFactory kafka) {
        consumer = kafka.consumer("bench-topic-log", new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
    }

    long records(String topic) {
        return consumer.endOffsets(partitions(topic)).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every record the topic holds now, in partition order. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<TopicPartition> partitions = partitions(topic);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try {
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(all::add);
            }
        } finally {
            consumer.unsubscribe();
        }
        return all;
    }

    private List<TopicPartition> partitions(String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
