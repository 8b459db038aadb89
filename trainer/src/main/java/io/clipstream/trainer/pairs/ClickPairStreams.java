package io.clipstream.trainer.pairs;

import io.clipstream.kafka.TopicCreator;
import io.clipstream.kafka.clients.KafkaAccessException;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.trainer.config.TrainerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * Runs the click-pair topology in this process. Not started on its own: the service starts it when it runs as a
 * long-lived service with {@code clipstream.pairs.enabled}, so that a one-off training run never joins the
 * topology's consumer group.
 * <p>
 * Exactly-once (v2): the state stores, their changelogs, the outputs and the input offsets commit in one
 * transaction, so a crash cannot count a click twice in the running statistics. An input value that is not JSON
 * is logged and skipped (it must not stop the partition); any other error stops the client, and the readiness
 * check reports it.
 */
@ApplicationScoped
public class ClickPairStreams {

    private static final Logger LOG = Logger.getLogger(ClickPairStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final long ADMIN_TIMEOUT_MS = 30_000;

    private final Topology topology;
    private final ClickPairStreamsSettings settings;
    // Read by the health check without the lock, which start() holds through its admin calls.
    private volatile KafkaStreams streams;

    @Inject
    public ClickPairStreams(@ClickPairs Topology topology, TrainerConfig config, KafkaClientFactory kafka) {
        this(topology, ClickPairStreamsSettings.from(config, kafka));
    }

    public ClickPairStreams(Topology topology, ClickPairStreamsSettings settings) {
        this.topology = topology;
        this.settings = settings;
    }

    /**
     * Checks that the two inputs are co-partitioned (the service's start-up created the topics) and starts the
     * topology; does nothing while it runs. After a stop or a failure it starts a new Kafka Streams client.
     *
     * @throws IllegalStateException when the inputs cannot be described or are not co-partitioned
     * @throws KafkaAccessException when the cluster refuses this application (credentials, TLS, permissions)
     */
    public synchronized void start() throws InterruptedException {
        if (streams != null) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.CREATED || state.isRunningOrRebalancing()) {
                return;
            }
            // A failed client still holds its state folder lock until it is closed.
            streams.close(CLOSE_TIMEOUT);
        }
        requireCoPartitionedInputs();
        KafkaStreams created = new KafkaStreams(topology, properties());
        created.setUncaughtExceptionHandler(error -> {
            LOG.errorf(error, "the click-pair topology failed; stopping it");
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        created.setStateListener((now, before) -> LOG.infof("click-pair topology %s -> %s", before, now));
        streams = created;
        created.start();
        LOG.infof("started the click-pair topology (application id %s, state in %s)", settings.applicationId(),
                settings.stateDir());
    }

    /**
     * Stops the topology and waits for it (state is flushed and checkpointed); nothing if it is not running. Like
     * any Kafka Streams client on the classic group protocol it does not leave the consumer group: its partitions
     * move to another instance after the consumer session times out.
     */
    @PreDestroy
    public synchronized void stop() {
        if (streams == null) {
            return;
        }
        if (!streams.close(CLOSE_TIMEOUT)) {
            LOG.warnf("the click-pair topology did not stop within %s", CLOSE_TIMEOUT);
        }
    }

    /** The Kafka Streams state; empty while it was never started. */
    public Optional<KafkaStreams.State> state() {
        return Optional.ofNullable(streams).map(KafkaStreams::state);
    }

    Properties properties() {
        Map<String, Object> props = new HashMap<>(Map.of(
                StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString(),
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.replicationFactor(),
                StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class,
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class));
        props.putAll(settings.clientOverrides());
        return settings.kafka().streams(settings.applicationId(), props);
    }

    /** A search's impressions and clicks must meet in one task: same partition count, same key partitioner. */
    private void requireCoPartitionedInputs() throws InterruptedException {
        List<String> inputs = List.of(settings.topics().impressions(), settings.topics().clicks());
        try {
            TopicCreator.requireCoPartitioned(settings.kafka(), inputs, ADMIN_TIMEOUT_MS);
        } catch (ExecutionException | TimeoutException e) {
            throw KafkaAccessException.of(e, settings.kafka(), "start the click-pair topology")
                    .<RuntimeException>map(refused -> refused)
                    .orElseGet(() -> new IllegalStateException("cannot describe the click-pair inputs " + inputs
                            + " on " + settings.kafka().describe() + ": " + e.getMessage(), e));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the click-pair inputs must have the same number of partitions (a "
                    + "search's impressions and clicks must meet in one task): " + e.getMessage(), e);
        }
    }
}
