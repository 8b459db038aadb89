package io.clipstream.trainer.models;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a version's projector has come, measured from outside: the committed offsets of its consumer group on
 * the embeddings log against a target (the log's end offsets when the version was published). The projector
 * commits only after the store acknowledged the writes, so a committed offset is a written one.
 */
public final class ReindexProgress {

    private static final long TIMEOUT_MS = 30_000;

    private final Admin admin;

    public ReindexProgress(Admin admin) {
        this.admin = admin;
    }

    /** The consumer group of a version's projector (the indexer's naming). */
    public static String groupOf(String baseModelId, int version) {
        return "clipstream-projector-" + baseModelId + "-v" + version;
    }

    /** The current end offsets of {@code topic}: what a new version must have projected before it goes live. */
    public Map<TopicPartition, Long> endOffsets(String topic) throws InterruptedException {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .forEach((p, info) -> end.put(p, info.offset()));
            return end;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Records of the target the group has not committed yet (0 = caught up). */
    public long remaining(String group, Map<TopicPartition, Long> target) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of group " + group + ": " + e.getMessage(), e);
        }
        long remaining = 0;
        for (Map.Entry<TopicPartition, Long> entry : target.entrySet()) {
            OffsetAndMetadata done = committed.get(entry.getKey());
            long position = done == null ? 0 : done.offset();
            remaining += Math.max(0, entry.getValue() - position);
        }
        return remaining;
    }
}
