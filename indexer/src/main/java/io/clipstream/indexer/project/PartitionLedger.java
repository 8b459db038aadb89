package io.clipstream.indexer.project;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.jboss.logging.Logger;

/**
 * What one consumer session of a {@link ProjectorRuntime} knows of its partitions: which it owns, what it has
 * written and not committed yet, what it has committed, and whether they are paused while the store is out. It is
 * the rebalance listener: written offsets are committed before their partitions are revoked, records of a partition
 * revoked since they were polled are never written, and partitions assigned during an outage are paused at once.
 * Used on the runtime's thread only (Kafka runs the callbacks inside poll).
 */
final class PartitionLedger implements ConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(PartitionLedger.class);

    /** The partition being written was revoked while the store was retried: its records are someone else's now. */
    static final class Revoked extends RuntimeException {
        Revoked(TopicPartition tp) {
            super(tp + " was revoked");
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final int version;
    private final Map<TopicPartition, Long> written = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Set<TopicPartition> revokedSincePoll = new HashSet<>();
    private boolean paused;
    private TopicPartition working;
    private volatile int generation = -1;
    private volatile int assignments;

    PartitionLedger(KafkaConsumer<String, byte[]> consumer, int version) {
        this.consumer = consumer;
        this.version = version;
    }

    int generation() {
        return generation;
    }

    int assignments() {
        return assignments;
    }

    /** A main poll returned: its records are of partitions owned now. */
    void polled() {
        revokedSincePoll.clear();
        working = null;
    }

    boolean owns(TopicPartition tp) {
        return !revokedSincePoll.contains(tp);
    }

    void working(TopicPartition tp) {
        working = tp;
    }

    /** @throws Revoked when the partition being written was revoked since its records were polled */
    void checkWorking() {
        if (working != null && revokedSincePoll.contains(working)) {
            throw new Revoked(working);
        }
    }

    /** Every record of {@code tp} before {@code nextOffset} is written and acknowledged. */
    void written(TopicPartition tp, long nextOffset) {
        written.put(tp, nextOffset);
    }

    /** Commits what was written; a commit a rebalance refused is left to the partition's next owner. */
    void commitWritten() {
        if (written.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = offsets(written);
        written.clear();
        try {
            consumer.commitSync(offsets);
            offsets.forEach((tp, offset) -> committed.put(tp, offset.offset()));
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.warnf("projector v%d could not commit %s during a rebalance; those records are written again by "
                    + "their next owner (writes are idempotent): %s", version, offsets.keySet(), e.getMessage());
        }
    }

    /**
     * When idle, commits the positions that moved past the last commit: every record before a position was
     * written, and a committed offset for every partition (empty ones included) lets anyone compare the group's
     * offsets with the log's end offsets to see that the version is caught up.
     */
    void commitPositions(Duration timeout) {
        Map<TopicPartition, Long> moved = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            long position = consumer.position(tp, timeout);
            Long last = committed.get(tp);
            if (last == null || last != position) {
                moved.put(tp, position);
            }
        }
        written.putAll(moved);
        commitWritten();
    }

    /** Pauses every assigned partition, and those assigned later, until {@link #resumeAll()}. */
    void pauseAll() {
        if (!paused) {
            consumer.pause(consumer.assignment());
            paused = true;
        }
    }

    void resumeAll() {
        if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    /** Records a poll returned while paused (none should): seeks back so that they are fetched again later. */
    void rewind(ConsumerRecords<String, byte[]> stray) {
        for (TopicPartition tp : stray.partitions()) {
            consumer.seek(tp, stray.records(tp).getFirst().offset());
            consumer.pause(Set.of(tp));
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> done = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long offset = written.remove(tp);
            if (offset != null) {
                done.put(tp, offset);
            }
        }
        if (!done.isEmpty()) {
            try {
                consumer.commitSync(offsets(done));
            } catch (KafkaException e) {
                LOG.warnf("projector v%d could not commit %s before giving them up; their next owner writes those "
                        + "records again (writes are idempotent): %s", version, done.keySet(), e.getMessage());
            }
        }
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        partitions.forEach(written::remove);
        forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        generation = consumer.groupMetadata().generationId();
        assignments++;
        if (paused) {
            consumer.pause(partitions);
        }
        LOG.debugf("projector v%s assigned %s in generation %s", Integer.toString(version), partitions, generation);
    }

    private void forget(Collection<TopicPartition> partitions) {
        revokedSincePoll.addAll(partitions);
        partitions.forEach(committed::remove);
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(Map<TopicPartition, Long> next) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
        return offsets;
    }
}
