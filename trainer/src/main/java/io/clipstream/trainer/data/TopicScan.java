package io.clipstream.trainer.data;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic from a start point up to the end offsets seen when the scan began, then stops: a bounded snapshot
 * of a log that keeps growing.
 */
public final class TopicScan {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA = Duration.ofSeconds(30);

    private TopicScan() {
    }

    /** Every record of {@code topic} from its beginning. */
    public static long all(KafkaConsumer<String, byte[]> consumer, String topic,
                           Consumer<ConsumerRecord<String, byte[]>> sink) {
        return from(consumer, topic, -1, sink);
    }

    /**
     * Records of {@code topic} with a timestamp at or after {@code fromEpochMs} (from the beginning when negative),
     * up to the end offsets at the start of the scan.
     *
     * @return the number of records read
     */
    public static long from(KafkaConsumer<String, byte[]> consumer, String topic, long fromEpochMs,
                            Consumer<ConsumerRecord<String, byte[]>> sink) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist (on "
                    + "the configured bootstrap servers)");
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA);
        seek(consumer, partitions, fromEpochMs, end);
        long read = 0;
        Map<TopicPartition, Long> remaining = new HashMap<>(end);
        remaining.entrySet().removeIf(e -> consumer.position(e.getKey(), METADATA) >= e.getValue());
        while (!remaining.isEmpty()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                Long stop = end.get(tp);
                if (record.offset() < stop) {
                    sink.accept(record);
                    read++;
                }
            }
            remaining.entrySet().removeIf(e -> consumer.position(e.getKey(), METADATA) >= e.getValue());
        }
        return read;
    }

    private static void seek(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
                             long fromEpochMs, Map<TopicPartition, Long> end) {
        if (fromEpochMs < 0) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, fromEpochMs));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, METADATA);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = found.get(p);
            consumer.seek(p, at == null ? end.get(p) : at.offset());
        }
    }
}
