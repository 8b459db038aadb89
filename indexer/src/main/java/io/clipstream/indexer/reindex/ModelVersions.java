package io.clipstream.indexer.reindex;

import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.indexer.config.KafkaClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows the compacted models topic from its beginning on a thread of its own, without a consumer group (every
 * replica reads all of it), and hands the versions of this model to {@link VersionProjectors}. Nothing is started
 * or retired before the records present at start-up have been read, so a version published and retired long ago
 * is never built again. If Kafka fails, the topic is read again from the beginning after a backoff.
 */
@ApplicationScoped
public class ModelVersions {

    private static final Logger LOG = Logger.getLogger(ModelVersions.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    public enum State {
        DISABLED, WAITING_FOR_TOPIC, REPLAYING, FOLLOWING, FAILING, STOPPED
    }

    /** @param lastError null when none happened yet */
    public record Status(State state, String topic, String lastError, Instant lastErrorTime) {
    }

    @Inject
    IndexerConfig config;

    @Inject
    VersionProjectors projectors;

    @Inject
    KafkaClients kafka;

    @Inject
    MeterRegistry meters;

    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile State state = State.DISABLED;
    private volatile String lastError;
    private volatile Instant lastErrorTime;
    private Thread thread;
    private Counter malformed;
    private long backoffMs;

    // After the topics exist (TopicsBootstrap observes at 500).
    void onStart(@Observes @Priority(700) StartupEvent event) {
        if (!enabled()) {
            LOG.infof("reindex off (clipstream.reindex.enabled=%s, clipstream.projector.enabled=%s)",
                    config.reindex().enabled(), config.projector().enabled());
            return;
        }
        malformed = Counter.builder("clipstream.reindex.models.malformed")
                .description("Records on the models topic about this model's versions that were skipped")
                .register(meters);
        state = State.WAITING_FOR_TOPIC;
        thread = Thread.ofPlatform().name("model-versions").start(this::run);
    }

    // Before the channels and emitters stop: the version projectors still send statuses while they finish.
    void onStop(@Observes @Priority(10) ShutdownEvent event) throws InterruptedException {
        running = false;
        stopSignal.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null && !thread.join(STOP_TIMEOUT)) {
            LOG.errorf("the models topic follower did not stop within %s", STOP_TIMEOUT);
        }
        projectors.stopAll();
        state = State.STOPPED;
    }

    public boolean enabled() {
        return config.reindex().enabled() && config.projector().enabled();
    }

    public Status status() {
        return new Status(state, config.topics().models(), lastError, lastErrorTime);
    }

    /** False when the follower thread died while it should run. */
    public boolean threadAlive() {
        return thread == null || thread.isAlive() || !running;
    }

    private void run() {
        backoffMs = config.reindex().retryInitialBackoffMs();
        while (running) {
            try {
                follow();
            } catch (WakeupException e) {
                if (running) {
                    failed(e);
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                failed(e);
            }
            if (!running) {
                break;
            }
            try {
                stopSignal.await(backoffMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            backoffMs = Math.min(config.reindex().retryMaxBackoffMs(), backoffMs * 2);
        }
    }

    private void follow() throws InterruptedException {
        String topic = config.topics().models();
        PublishedVersions versions = new PublishedVersions(config.model().id(), malformed::increment);
        Map<String, Object> props = kafka.with(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "clipstream-indexer-models-" + config.model().id()));
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = awaitPartitions(c, topic);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> startupEnd = c.endOffsets(partitions);
            state = State.REPLAYING;
            boolean caughtUp = false;
            while (running) {
                for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                    versions.apply(record).ifPresent(change -> LOG.infof("models topic: %s v%d is %s",
                            config.model().id(), change.version(),
                            change instanceof PublishedVersions.Published ? "published" : "retired"));
                }
                if (!caughtUp && partitions.stream().allMatch(p -> c.position(p) >= startupEnd.get(p))) {
                    caughtUp = true;
                    state = State.FOLLOWING;
                    backoffMs = config.reindex().retryInitialBackoffMs();
                    LOG.infof("models topic %s read: %s versions published %s, retired %s", topic,
                            config.model().id(), versions.published(), versions.retired());
                }
                if (caughtUp) {
                    projectors.reconcile(versions.published(), versions.retired());
                }
            }
        } finally {
            consumer = null;
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c, String topic)
            throws InterruptedException {
        state = State.WAITING_FOR_TOPIC;
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            LOG.infof("models topic %s does not exist yet; waiting for it", topic);
            if (stopSignal.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        return List.of();
    }

    private void failed(RuntimeException e) {
        state = State.FAILING;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        lastErrorTime = Instant.now();
        LOG.errorf(e, "following models topic %s failed; reading it again from the beginning in %d ms",
                config.topics().models(), backoffMs);
    }
}
