package io.clipstream.versions;

import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.follow.FollowerThread;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.kafka.retry.FollowerFailures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The one reader of the models topic: on a thread of its own, without a consumer group (every replica reads all
 * of it), it replays the topic from the beginning to the end offsets it finds, then follows it. Its
 * {@link Listener} hears nothing before the replay is complete, so a version published and retired long ago is
 * never acted on, and from then on hears the whole state after every poll (level-triggered: it compares with
 * what it did last).
 *
 * <p>A failure (Kafka, a listener) closes the consumer and, after a {@link Backoff} delay, replays the topic
 * again from the beginning; a failure no retry can cure ({@link FollowerFailures}) ends the follower, and
 * {@link #alive()} turns false. While the topic does not exist it checks again with the same backoff, never in a
 * busy loop. Each change of phase is logged once.
 */
public final class ModelsFollower implements ModelsView {

    private static final Logger LOG = Logger.getLogger(ModelsFollower.class);
    private static final Duration TOPIC_CHECK_TIMEOUT = Duration.ofSeconds(10);

    /** Hears the folded state; runs on the follower's thread. A failure makes the follower start over. */
    public interface Listener {

        /** After the replay reached the end of the topic, and after every poll from then on. */
        void onState(ModelsState state) throws InterruptedException;

        /** A record under this model's keys that was skipped (already logged). */
        default void onMalformed(ConsumerRecord<String, byte[]> record, String reason) {
        }
    }

    /**
     * @param pollTimeout how long a poll waits: about how soon a record is seen, and how soon {@link #latest} is
     *                    served once the topic has been read
     */
    public record Settings(String topic, String baseModelId, Backoff backoff, Duration pollTimeout) {

        public static Settings of(VersionsConfig config, String topic, String baseModelId) {
            return new Settings(topic, baseModelId, Backoff.ofMillis(config.retryInitialBackoffMs(),
                    config.retryMaxBackoffMs()), Duration.ofMillis(config.pollTimeoutMs()));
        }
    }

    public enum Phase {
        NEW, WAITING_FOR_TOPIC, REPLAYING, FOLLOWING, FAILING, DIED, STOPPED
    }

    /**
     * @param failuresInARow failures since the topic was last read to its end (0 while all is well)
     * @param restarts       replays started again after a failure, in total
     * @param topicChecks    times it asked whether the topic exists
     * @param lastError      null while none happened
     */
    public record Status(Phase phase, String topic, int failuresInARow, int restarts, long topicChecks,
                         String lastError, Instant lastErrorTime) {
    }

    private static final class Sync {
        final CompletableFuture<ModelsState> done = new CompletableFuture<>();
        Map<TopicPartition, Long> target;
    }

    private final Settings settings;
    private final Supplier<? extends Consumer<String, byte[]>> consumers;
    private final Listener listener;
    private final ModelsRecords records;
    private final FollowerThread thread;
    private final Queue<Sync> syncRequests = new ConcurrentLinkedQueue<>();
    // Touched by the follower's thread only.
    private final List<Sync> syncWaiting = new ArrayList<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicLong topicChecks = new AtomicLong();
    private volatile Phase phase = Phase.NEW;
    private volatile ModelsState state;
    private volatile boolean caughtUp;
    private volatile int failuresInARow;
    private volatile String lastError;
    private volatile Instant lastErrorTime;

    /** @param consumers makes a new consumer for each replay; the follower closes it */
    public ModelsFollower(Settings settings, Supplier<? extends Consumer<String, byte[]>> consumers,
                          Listener listener) {
        this.settings = settings;
        this.consumers = consumers;
        this.listener = listener;
        this.records = new ModelsRecords(settings.baseModelId());
        this.thread = new FollowerThread("models-follower-" + settings.baseModelId(),
                "the follower of models topic " + settings.topic());
    }

    /**
     * A follower whose consumers come from the one client factory ({@code clientName} names them). They belong to
     * no consumer group, whatever {@code group.id} the common settings carry: every replica reads the whole topic.
     */
    public static ModelsFollower create(KafkaClientFactory kafka, String clientName, Settings settings,
                                        Listener listener) {
        Map<String, Object> noGroup = new HashMap<>();
        noGroup.put(ConsumerConfig.GROUP_ID_CONFIG, null);
        return new ModelsFollower(settings, () -> kafka.consumer(clientName, new StringDeserializer(),
                new ByteArrayDeserializer(), noGroup), listener);
    }

    public void start() {
        thread.start(this::run);
    }

    /** Stops following; the listener is not called any more once this returns (unless the thread hung). */
    public void stop(Duration timeout) throws InterruptedException {
        thread.stop(timeout);
    }

    public Status status() {
        return new Status(phase, settings.topic(), failuresInARow, restarts.get(), topicChecks.get(), lastError,
                lastErrorTime);
    }

    /** True once the topic has been read to its end and the listener has heard it; false again after a failure. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** False once the follower gave up (a failure no retry cures) or its thread ended while it should run. */
    public boolean alive() {
        return phase != Phase.DIED && thread.threadAlive();
    }

    /** The state the listener heard last; empty before the first complete replay. */
    public Optional<ModelsState> current() {
        return Optional.ofNullable(state);
    }

    @Override
    public ModelsState latest(Duration timeout) throws InterruptedException {
        if (phase == Phase.DIED || phase == Phase.STOPPED) {
            throw new ModelsUnavailableException("the follower of models topic " + settings.topic()
                    + " has stopped" + (lastError == null ? "" : " (" + lastError + ")"));
        }
        Sync sync = new Sync();
        syncRequests.add(sync);
        try {
            return sync.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sync.done.cancel(false);
            throw new ModelsUnavailableException("models topic " + settings.topic() + " was not read up to its end "
                    + "within " + timeout.toMillis() + " ms (follower " + phase
                    + (lastError == null ? "" : ", last error: " + lastError) + ")");
        } catch (ExecutionException | CancellationException e) {
            throw new ModelsUnavailableException("the follower of models topic " + settings.topic()
                    + " stopped before it had read the topic to its end", e);
        }
    }

    private void run() {
        while (thread.running()) {
            try {
                followOnce();
            } catch (InterruptedException | InterruptException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (WakeupException e) {
                if (!thread.running()) {
                    break;
                }
                failed(e);
            } catch (RuntimeException | Error e) {
                if (!thread.running()) {
                    break;
                }
                if (!FollowerFailures.retryable(e)) {
                    died(e);
                    return;
                }
                failed(e);
            }
            if (!thread.running() || !thread.pause(settings.backoff().delay(failuresInARow - 1))) {
                break;
            }
            restarts.incrementAndGet();
        }
        phase = Phase.STOPPED;
        caughtUp = false;
        abandonSyncs();
    }

    private void followOnce() throws InterruptedException {
        try (Consumer<String, byte[]> c = consumers.get()) {
            thread.reading(c);
            if (!thread.running()) {
                return;
            }
            List<TopicPartition> partitions = awaitTopic(c);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            setPhase(Phase.REPLAYING);
            ModelsState folded = ModelsState.empty(settings.baseModelId());
            boolean replayed = false;
            while (thread.running()) {
                for (ConsumerRecord<String, byte[]> record : c.poll(settings.pollTimeout())) {
                    folded = fold(folded, record);
                }
                Map<TopicPartition, Long> positions = positions(c, partitions);
                replayed = replayed || reached(positions, end);
                if (replayed) {
                    state = folded;
                    listener.onState(folded);
                    if (!caughtUp) {
                        LOG.infof("models topic %s read%s: %s", settings.topic(),
                                failuresInARow > 0 ? " again after " + failuresInARow + " failure(s)" : "", folded);
                    }
                    caughtUp = true;
                    failuresInARow = 0;
                    setPhase(Phase.FOLLOWING);
                    serveSyncs(c, partitions, positions, folded);
                }
            }
        } finally {
            thread.reading(null);
        }
    }

    private ModelsState fold(ModelsState folded, ConsumerRecord<String, byte[]> record) {
        ModelsEntry entry = records.read(record.key(), record.value());
        if (entry instanceof ModelsEntry.Malformed(String reason)) {
            LOG.errorf("skipping record %s at %s-%d@%d of the models topic: %s", record.key(), record.topic(),
                    record.partition(), record.offset(), reason);
            listener.onMalformed(record, reason);
        }
        return folded.apply(entry);
    }

    private List<TopicPartition> awaitTopic(Consumer<String, byte[]> c) throws InterruptedException {
        int checks = 0;
        while (thread.running()) {
            topicChecks.incrementAndGet();
            List<PartitionInfo> infos = c.partitionsFor(settings.topic(), TOPIC_CHECK_TIMEOUT);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(settings.topic(), i.partition())).toList();
            }
            if (checks == 0) {
                setPhase(Phase.WAITING_FOR_TOPIC);
                LOG.infof("models topic %s does not exist yet; checking again every %d ms at most",
                        settings.topic(), settings.backoff().max().toMillis());
            }
            if (!thread.await(settings.backoff().delay(checks++))) {
                break;
            }
        }
        return List.of();
    }

    private static Map<TopicPartition, Long> positions(Consumer<String, byte[]> c, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition p : partitions) {
            positions.put(p, c.position(p));
        }
        return positions;
    }

    private static boolean reached(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> target) {
        return target.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Serves {@link #latest} callers: each waits for the end offsets taken after it asked. */
    private void serveSyncs(Consumer<String, byte[]> c, List<TopicPartition> partitions,
                            Map<TopicPartition, Long> positions, ModelsState folded) {
        syncWaiting.removeIf(s -> s.done.isDone());
        if (!syncRequests.isEmpty()) {
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            for (Sync s = syncRequests.poll(); s != null; s = syncRequests.poll()) {
                s.target = end;
                syncWaiting.add(s);
            }
        }
        for (Sync s : syncWaiting) {
            if (reached(positions, s.target)) {
                s.done.complete(folded);
            }
        }
    }

    private void abandonSyncs() {
        ModelsUnavailableException stopped = new ModelsUnavailableException("the follower of models topic "
                + settings.topic() + " stopped");
        syncWaiting.forEach(s -> s.done.completeExceptionally(stopped));
        for (Sync s = syncRequests.poll(); s != null; s = syncRequests.poll()) {
            s.done.completeExceptionally(stopped);
        }
    }

    private void failed(Throwable e) {
        caughtUp = false;
        failuresInARow++;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        lastErrorTime = Instant.now();
        if (phase != Phase.FAILING) {
            LOG.errorf(e, "following models topic %s failed; reading it again from the beginning after a backoff "
                    + "of up to %d ms (retried until it works; logged again once it does)", settings.topic(),
                    settings.backoff().bound(failuresInARow - 1).toMillis());
        } else {
            LOG.debugf("following models topic %s failed again (%d in a row): %s", settings.topic(), failuresInARow,
                    lastError);
        }
        phase = Phase.FAILING;
    }

    private void died(Throwable e) {
        caughtUp = false;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        lastErrorTime = Instant.now();
        phase = Phase.DIED;
        LOG.fatalf(e, "following models topic %s failed with an error no retry cures; the follower has stopped "
                + "and liveness is down", settings.topic());
        abandonSyncs();
    }

    /** Keeps FAILING visible until the topic has been read again, so that health shows it. */
    private void setPhase(Phase next) {
        if (phase == Phase.FAILING && next != Phase.FOLLOWING) {
            return;
        }
        phase = next;
    }
}
