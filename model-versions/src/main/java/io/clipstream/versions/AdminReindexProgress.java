package io.clipstream.versions;

import io.clipstream.events.ModelVersionEvent.ReindexTarget;
import java.time.Duration;
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

/** {@link ReindexProgress} read with an Admin client (thread-safe, owned by the caller). */
public final class AdminReindexProgress implements ReindexProgress {

    private final Admin admin;
    private final Duration timeout;

    public AdminReindexProgress(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public ReindexTarget target(String topic) throws InterruptedException {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<Integer, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((p, info) -> end.put(p.partition(), info.offset()));
            return new ReindexTarget(topic, end);
        } catch (ExecutionException | TimeoutException e) {
            throw new ModelsUnavailableException("cannot read the end offsets of " + topic + ": " + message(e), e);
        }
    }

    @Override
    public long remaining(String group, ReindexTarget target) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ModelsUnavailableException("cannot read the committed offsets of group " + group + ": "
                    + message(e), e);
        }
        long remaining = 0;
        for (Map.Entry<Integer, Long> entry : target.endOffsets().entrySet()) {
            OffsetAndMetadata done = committed.get(new TopicPartition(target.topic(), entry.getKey()));
            long position = done == null ? 0 : done.offset();
            remaining += Math.max(0, entry.getValue() - position);
        }
        return remaining;
    }

    private static String message(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
