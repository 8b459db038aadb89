package io.clipstream.cli.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.EventJson;
import io.clipstream.kafka.clients.KafkaClientFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the indexer's status topic from where it ended before a publish run, so that every status read is
 * about an upload of this run (the indexer reports each upload it processes, a republished one too).
 * No consumer group: positions are assigned, nothing is committed.
 */
public final class IndexWaiter implements AutoCloseable {

    /** What the indexer reported for one image: INDEXED, DELETED or REJECTED, and why when refused. */
    public record Status(String status, String reason) {
        public boolean refused() {
            return "REJECTED".equals(status);
        }
    }

    private static final Duration POLL = Duration.ofMillis(250);

    private final KafkaConsumer<String, byte[]> consumer;

    private IndexWaiter(KafkaConsumer<String, byte[]> consumer) {
        this.consumer = consumer;
    }

    /** Positions a reader at the current end of {@code topic}; call it before publishing. */
    public static IndexWaiter fromEnd(KafkaClientFactory kafka, String topic, Duration timeout) {
        KafkaConsumer<String, byte[]> consumer = kafka.consumer("publish-wait", new StringDeserializer(),
                new ByteArrayDeserializer(), Map.of(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        (int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("status topic " + topic + " does not exist: is the indexer running?");
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // seekToEnd is lazy: resolve the positions now, before anything is published.
            partitions.forEach(p -> consumer.position(p, timeout));
            return new IndexWaiter(consumer);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /**
     * Reads statuses until every id in {@code ids} has one or {@code timeout} passes.
     *
     * @param progress told the number of ids with a status after each poll
     * @return the statuses found, by image id; ids missing from it had none within the timeout
     */
    public Map<String, Status> await(Set<String> ids, Duration timeout, IntConsumer progress) {
        Map<String, Status> found = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (found.size() < ids.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.value() != null && ids.contains(record.key())) {
                    found.put(record.key(), parse(record.value()));
                }
            }
            progress.accept(found.size());
        }
        return found;
    }

    private static Status parse(byte[] json) {
        try {
            JsonNode node = EventJson.mapper().readTree(json);
            return new Status(node.path("status").asText(""), node.path("reason").asText(""));
        } catch (IOException e) {
            return new Status("UNREADABLE", "status record is not JSON: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
