package io.clipstream.indexer.duplicates;

import io.clipstream.kafka.clients.KafkaClientFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a compacted topic from its beginning to the end offsets it had when the read began, without a consumer
 * group: how the duplicates stage gets its state back at start.
 */
final class TopicSnapshot {

    private static final Duration POLL = Duration.ofMillis(200);

    private TopicSnapshot() {
    }

    /** Hands every record's key and value (null for a tombstone) to {@code sink}, in offset order per partition. */
    static long read(KafkaClientFactory kafka, String name, String topic, Duration timeout,
                     BiConsumer<String, byte[]> sink) {
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(name, new StringDeserializer(),
                new ByteArrayDeserializer(), Map.of())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            long read = 0;
            while (!reached(consumer, end, timeout)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    sink.accept(record.key(), record.value());
                    read++;
                }
            }
            return read;
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end,
                                   Duration timeout) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
