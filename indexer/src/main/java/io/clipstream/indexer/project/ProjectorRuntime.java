package io.clipstream.indexer.project;

import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.retry.RetryState;
import io.clipstream.model.adapter.AdapterLoadException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The one projector runtime, for v0 and every other version: a thread of its own consumes the embeddings log with
 * the version's consumer group and hands each partition's records to {@link VersionProjection}; offsets are
 * committed only after that returned, i.e. after the store acknowledged the writes ({@link PartitionLedger}).
 *
 * <p>While the store is out, the partitions are paused and the thread keeps polling (nothing is fetched), so the
 * member stays in its group however long the outage lasts: no rebalance, no replay. Other failures of a batch
 * (adapters that do not load yet, Kafka errors) close the consumer without a commit and consume the batch again
 * after a backoff; too many in a row, or an error nothing handles, end the thread, and {@link #isHealthy()} turns
 * false (liveness DOWN: a restart is the remedy). Nothing stops silently.
 */
public final class ProjectorRuntime {

    private static final Logger LOG = Logger.getLogger(ProjectorRuntime.class);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(5);

    public enum State {
        /** Joining the group, nothing consumed yet. */
        STARTING,
        /** Consuming; lag says how far behind the log it is. */
        RUNNING,
        /** The store is out: partitions paused, the write retried with backoff. */
        WAITING_FOR_STORE,
        /** The version's adapters cannot be loaded; retried with backoff. */
        WAITING_FOR_ADAPTERS,
        /** A batch failed; it is consumed again after a backoff. */
        FAILING,
        STOPPED,
        /** The thread ended while it should run (liveness goes down). */
        DIED
    }

    /**
     * @param lag records of this replica's partitions not projected yet, -1 while unknown
     * @param generation the consumer group generation of the last assignment, -1 before the first
     * @param assignments partition assignments this runtime received (a rebalance adds one)
     */
    public record Status(int version, State state, Instant since, long recordsProjected, long lag, int generation,
                         int assignments, String lastError, Instant lastErrorTime) {
    }

    private final int version;
    private final String label;
    private final PartitionWriter projection;
    private final KafkaClientFactory kafka;
    private final ProjectorSettings settings;
    private final ProjectionMeters meters;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicLong projected = new AtomicLong();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile PartitionLedger ledger;
    private volatile State state = State.STARTING;
    private volatile Instant since = Instant.now();
    private volatile long lag = -1;
    private volatile String lastError;
    private volatile Instant lastErrorTime;
    private Thread thread;

    public ProjectorRuntime(VersionProjection projection, KafkaClientFactory kafka, ProjectorSettings settings) {
        this("projector v" + projection.target().version(), projection.target().version(), projection,
                projection.meters(), kafka, settings);
    }

    /**
     * A runtime for any writer of the embeddings log with a group of its own (the duplicates stage runs on it too).
     *
     * @param label names the runtime in logs and its thread
     * @param version reported in its status; the version whose records it writes, 0 for a stage of base vectors
     */
    public ProjectorRuntime(String label, int version, PartitionWriter writer, ProjectionMeters meters,
                            KafkaClientFactory kafka, ProjectorSettings settings) {
        this.version = version;
        this.label = label;
        this.projection = writer;
        this.kafka = kafka;
        this.settings = settings;
        this.meters = meters;
    }

    public int version() {
        return version;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(label + " was started already");
        }
        thread = Thread.ofPlatform().name(label.replace(' ', '-'))
                .uncaughtExceptionHandler((t, e) -> died(e)).start(this::run);
        LOG.infof("%s consumes %s with consumer group %s", label, settings.topic(), settings.groupId());
    }

    /** Asks the thread to end: the current poll or wait ends, and nothing unacknowledged is committed. */
    public void stop() {
        running = false;
        stopSignal.countDown();
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

    /** False when the thread ended while it should run: it died, gave up, or was interrupted. */
    public synchronized boolean isHealthy() {
        return thread == null || thread.isAlive() || !running;
    }

    public Status status() {
        PartitionLedger l = ledger;
        return new Status(version, state, since, projected.get(), lag, l == null ? -1 : l.generation(),
                l == null ? 0 : l.assignments(), lastError, lastErrorTime);
    }

    private void run() {
        RetryState failures = new RetryState(settings.failureBackoff(), settings.maxFailedBatches());
        RetryState adapters = new RetryState(settings.failureBackoff(), 0);
        while (running) {
            try {
                consumeUntilStopped(failures, adapters);
            } catch (WakeupException e) {
                if (running) {
                    failed(State.FAILING, failures, e);
                }
            } catch (InterruptedException | InterruptException e) {
                // Only an interrupt from outside gets here: the thread ends, with its interrupt kept.
                Thread.currentThread().interrupt();
                break;
            } catch (AdapterLoadException e) {
                meters.adapterFailures().increment();
                failed(State.WAITING_FOR_ADAPTERS, adapters, e);
            } catch (RuntimeException e) {
                meters.batchFailures().increment();
                failed(State.FAILING, failures, e);
                if (failures.exhausted()) {
                    giveUp(failures);
                    return;
                }
            }
            if (running && !awaitBackoff(failures.failing() ? failures : adapters)) {
                break;
            }
        }
        if (running) {
            died(new IllegalStateException("interrupted while it should run"));
        } else {
            setState(State.STOPPED);
            LOG.infof("%s stopped after %d records", label, projected.get());
        }
    }

    private void consumeUntilStopped(RetryState failures, RetryState adapters) throws InterruptedException {
        try (KafkaConsumer<String, byte[]> c = kafka.consumer(settings.clientName(), new StringDeserializer(),
                new ByteArrayDeserializer(), settings.consumerOverrides())) {
            consumer = c;
            if (!running) {
                return;
            }
            PartitionLedger session = new PartitionLedger(c, version);
            ledger = session;
            c.subscribe(List.of(settings.topic()), session);
            StoreRetry.Pause pause = delay -> holdPaused(c, session, delay);
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(ProjectorSettings.POLL);
                session.polled();
                if (records.isEmpty()) {
                    session.commitPositions(POSITION_TIMEOUT);
                    lag = lagOf(c);
                    // Idle with every assigned partition read to its end: nothing is left that could fail.
                    if (session.assignments() > 0 && lag == 0) {
                        recovered(failures, adapters);
                    }
                    continue;
                }
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<String, byte[]>> part = records.records(tp);
                    if (!session.owns(tp)) {
                        continue;
                    }
                    session.working(tp);
                    try {
                        projection.project(part, pause);
                    } catch (PartitionLedger.Revoked e) {
                        LOG.infof("%s lost %s while it waited for the store; its new owner writes it", label, tp);
                        continue;
                    }
                    session.written(tp, part.getLast().offset() + 1);
                    projected.addAndGet(part.size());
                }
                session.commitWritten();
                session.resumeAll();
                lag = lagOf(c);
                recovered(failures, adapters);
            }
        } finally {
            consumer = null;
        }
    }

    /**
     * Between two attempts at the store: every assigned partition paused (and any assigned meanwhile), polls keep
     * the member in its group and run rebalances; nothing is fetched. Ends early when the partition being written
     * was revoked, or when the runtime stops.
     */
    private void holdPaused(KafkaConsumer<String, byte[]> c, PartitionLedger session, Duration delay) {
        setState(State.WAITING_FOR_STORE);
        session.pauseAll();
        long deadline = System.nanoTime() + delay.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            ConsumerRecords<String, byte[]> stray = c.poll(Duration.ofNanos(Math.min(left,
                    ProjectorSettings.POLL.toNanos())));
            session.rewind(stray);
            session.checkWorking();
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

    private void recovered(RetryState failures, RetryState adapters) {
        boolean wasFailing = failures.succeeded() | adapters.succeeded();
        if (state != State.RUNNING) {
            if (wasFailing || state == State.WAITING_FOR_STORE) {
                LOG.infof("%s is running again", label);
            }
            setState(State.RUNNING);
        }
    }

    private void failed(State newState, RetryState retries, RuntimeException e) {
        boolean first = retries.failed();
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        lastErrorTime = Instant.now();
        lag = -1;
        setState(newState);
        // Once per run of failures; the next ones only at debug level, the recovery or the end once again.
        if (newState == State.WAITING_FOR_ADAPTERS && first) {
            LOG.errorf("%s cannot load its adapters, retrying with backoff: %s", label, e.getMessage());
        } else if (first) {
            LOG.errorf(e, "%s failed a batch; it is consumed again after a backoff, up to %d times in a row", label,
                    settings.maxFailedBatches());
        } else {
            LOG.debugf("%s failed a batch again (%s in a row): %s", label,
                    retries.failures(), lastError);
        }
    }

    private void giveUp(RetryState failures) {
        setState(State.DIED);
        LOG.fatalf("%s gives up after %d failed batches in a row (last: %s); liveness is DOWN, restart the process",
                label, failures.failures(), lastError);
    }

    private void died(Throwable e) {
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        lastErrorTime = Instant.now();
        lag = -1;
        setState(State.DIED);
        LOG.fatalf(e, "%s died; nothing of its last batch was committed", label);
    }

    private void setState(State newState) {
        if (state != newState) {
            state = newState;
            since = Instant.now();
        }
    }

    /** False when the wait was interrupted from outside. */
    private boolean awaitBackoff(RetryState retries) {
        try {
            stopSignal.await(retries.nextDelay().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
