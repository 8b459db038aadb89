package io.clipstream.indexer.reindex;

import io.clipstream.indexer.project.VersionProjection;
import io.clipstream.model.adapter.AdapterLoadException;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Builds one model version's collection from the embeddings log, on a thread of its own with its own consumer
 * group, from the start of the log, and then keeps it current. Replicas of the indexer share the group and so the
 * partitions. Offsets are committed synchronously, and only after {@link VersionProjection#project} returned, i.e.
 * after the batch's store writes, status events and dead letters were acknowledged: the committed offsets never
 * run ahead of the collection. Failures (missing adapters, a batch that failed) close the consumer without a
 * commit and start over after a backoff, so the failed batch is consumed again; the rest of the indexer goes on.
 */
public final class VersionProjector {

    private static final Logger LOG = Logger.getLogger(VersionProjector.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(5);

    public enum State {
        /** Joining the group, nothing consumed yet. */
        STARTING,
        /** Consuming; lag says how far behind the log it is. */
        RUNNING,
        /** The version's adapters cannot be loaded; retried with backoff. */
        WAITING_FOR_ADAPTERS,
        /** A batch failed; it is consumed again after a backoff. */
        FAILING,
        STOPPED,
        /** The thread ended with an error no retry handles (liveness goes down). */
        DIED
    }

    /** @param lag records of this replica's partitions not projected yet, -1 while unknown */
    public record Status(int version, State state, long recordsProjected, long lag, String lastError,
                         Instant lastErrorTime) {
    }

    /**
     * @param topic the embeddings log
     * @param groupId see {@link io.clipstream.indexer.project.ProjectorGroup}
     */
    public record Settings(String topic, String groupId, int maxPollRecords, int sessionTimeoutMs,
                           long retryInitialBackoffMs, long retryMaxBackoffMs) {
    }

    /** Counts failures by kind. */
    public record Failures(Counter adapters, Counter batches) {
    }

    private final int version;
    private final VersionProjection projection;
    private final Map<String, Object> consumerProps;
    private final Settings settings;
    private final Failures failures;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicLong projected = new AtomicLong();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile State state = State.STARTING;
    private volatile long lag = -1;
    private volatile String lastError;
    private volatile Instant lastErrorTime;
    private Thread thread;
    private long backoffMs;

    /** @param kafka common client settings (bootstrap servers, security); group and offsets are set here */
    public VersionProjector(VersionProjection projection, Map<String, Object> kafka, Settings settings,
                            Failures failures) {
        this.version = projection.target().version();
        this.projection = projection;
        this.settings = settings;
        this.failures = failures;
        this.backoffMs = settings.retryInitialBackoffMs();
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, settings.sessionTimeoutMs());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, settings.sessionTimeoutMs() / 3));
        this.consumerProps = Map.copyOf(props);
    }

    public int version() {
        return version;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("version projector v" + version + " was started already");
        }
        thread = Thread.ofPlatform().name("version-projector-v" + version)
                .uncaughtExceptionHandler((t, e) -> died(e)).start(this::run);
        LOG.infof("projecting %s into %s with consumer group %s", settings.topic(),
                projection.target().collection(), settings.groupId());
    }

    /** Asks the thread to end: the current poll or store wait ends, and nothing unacknowledged is committed. */
    public void stop() {
        running = false;
        stopSignal.countDown();
        projection.stop();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Waits for the thread to end after {@link #stop()}; false if it is still running after {@code timeout}. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        return t == null || t.join(timeout);
    }

    /** Whether the thread is alive, or has not been started; false when it died while it should have run. */
    public synchronized boolean isHealthy() {
        return thread == null || thread.isAlive() || !running;
    }

    public Status status() {
        return new Status(version, state, projected.get(), lag, lastError, lastErrorTime);
    }

    private void run() {
        while (running) {
            try {
                consumeUntilStopped();
            } catch (InterruptedException e) {
                // Only stop() ends waits this way.
                break;
            } catch (WakeupException e) {
                if (running) {
                    failed(State.FAILING, failures.batches(), e);
                }
            } catch (AdapterLoadException e) {
                failed(State.WAITING_FOR_ADAPTERS, failures.adapters(), e);
            } catch (RuntimeException e) {
                failed(State.FAILING, failures.batches(), e);
            }
            if (running) {
                awaitBackoff();
            }
        }
        state = State.STOPPED;
        LOG.infof("version projector v%d stopped after %d records", version, projected.get());
    }

    private void consumeUntilStopped() throws InterruptedException {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            if (!running) {
                return;
            }
            Session session = new Session();
            c.subscribe(List.of(settings.topic()), session);
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(POLL);
                if (records.isEmpty()) {
                    commitPositions(c, session.committed);
                    lag = lagOf(c);
                    // Idle with every assigned partition read to its end: nothing is left that could fail.
                    if (session.joined && lag == 0) {
                        recovered();
                    }
                } else {
                    List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
                    records.forEach(batch::add);
                    projection.project(batch);
                    Map<TopicPartition, OffsetAndMetadata> next = records.nextOffsets();
                    c.commitSync(next);
                    next.forEach((tp, offset) -> session.committed.put(tp, offset.offset()));
                    projected.addAndGet(batch.size());
                    lag = lagOf(c);
                    recovered();
                }
            }
        } finally {
            consumer = null;
        }
    }

    /** What one consumer knows of its group membership; used on the projector thread only. */
    private static final class Session implements ConsumerRebalanceListener {

        final Map<TopicPartition, Long> committed = new HashMap<>();
        boolean joined;

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Every polled batch was projected and committed before the next poll: nothing is pending.
            partitions.forEach(committed::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            joined = true;
        }
    }

    /**
     * When idle, commits the positions that moved past the last commit: every record before a position was
     * projected, and a committed offset for every partition (empty ones included) lets anyone compare the group's
     * offsets with the log's end offsets to see that the version is caught up.
     */
    private static void commitPositions(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> committed) {
        Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
        for (TopicPartition tp : c.assignment()) {
            long position = c.position(tp, POSITION_TIMEOUT);
            Long last = committed.get(tp);
            if (last == null || last != position) {
                moved.put(tp, new OffsetAndMetadata(position));
            }
        }
        if (!moved.isEmpty()) {
            c.commitSync(moved);
            moved.forEach((tp, offset) -> committed.put(tp, offset.offset()));
        }
    }

    /** Records of the assigned partitions not consumed yet (0 with none assigned), -1 while one is unknown. */
    private static long lagOf(KafkaConsumer<String, byte[]> c) {
        long sum = 0;
        for (TopicPartition tp : c.assignment()) {
            OptionalLong partitionLag = c.currentLag(tp);
            if (partitionLag.isEmpty()) {
                return -1;
            }
            sum += partitionLag.getAsLong();
        }
        return sum;
    }

    private void recovered() {
        if (state != State.RUNNING) {
            if (state != State.STARTING) {
                LOG.infof("version projector v%d is running again", version);
            }
            state = State.RUNNING;
        }
        backoffMs = settings.retryInitialBackoffMs();
    }

    private void failed(State newState, Counter counter, RuntimeException e) {
        counter.increment();
        state = newState;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        lastErrorTime = Instant.now();
        lag = -1;
        if (newState == State.WAITING_FOR_ADAPTERS) {
            LOG.errorf("version projector v%d cannot load its adapters, retrying in %d ms: %s", version, backoffMs,
                    e.getMessage());
        } else {
            LOG.errorf(e, "version projector v%d failed a batch; it is consumed again in %d ms", version, backoffMs);
        }
    }

    private void died(Throwable e) {
        state = State.DIED;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        lastErrorTime = Instant.now();
        lag = -1;
        LOG.fatalf(e, "version projector v%d died; nothing of its last batch was committed", version);
    }

    private void awaitBackoff() {
        try {
            stopSignal.await(backoffMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
        backoffMs = Math.min(settings.retryMaxBackoffMs(), backoffMs * 2);
    }
}
