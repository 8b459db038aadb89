package io.clipstream.trainer.pairs;

import io.clipstream.kafka.TopicCreator;
import io.clipstream.trainer.config.TrainerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

    // Click pairs are the training data of later runs: kept a year (the broker default, 7 days, is shorter than a
    // training window).
    private static final Map<String, String> PAIRS_RETENTION = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_DELETE, TopicConfig.RETENTION_MS_CONFIG, Long.toString(365L * 86_400_000L));

    private static final Logger LOG = Logger.getLogger(ClickPairStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final long ADMIN_TIMEOUT_MS = 30_000;

    private final Topology topology;
    private final ClickPairStreamsSettings settings;
    // Read by the health check without the lock, which start() holds through its admin calls.
    private volatile KafkaStreams streams;

    /** The default address is the other services' (the trainer's application.properties does not name one yet). */
    @Inject
    public ClickPairStreams(@ClickPairs Topology topology, TrainerConfig config,
                            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
                            String bootstrapServers) {
        this(topology, ClickPairStreamsSettings.from(config, bootstrapServers));
    }

    public ClickPairStreams(Topology topology, ClickPairStreamsSettings settings) {
        this.topology = topology;
        this.settings = settings;
    }

    /**
     * Creates the topics when configured to, checks that the two inputs are co-partitioned, and starts the
     * topology; does nothing while it runs. After a stop or a failure it starts a new Kafka Streams client.
     *
     * @throws IllegalStateException when the topics cannot be created or described, or are not co-partitioned
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
        if (settings.createTopics()) {
            createTopics();
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
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.replicationFactor());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        props.putAll(settings.clientOverrides());
        return props;
    }

    private void createTopics() throws InterruptedException {
        ClickPairTopics topics = settings.topics();
        int partitions = settings.partitions();
        short replication = settings.replicationFactor();
        List<NewTopic> wanted = List.of(
                // The query API creates the inputs too; whoever starts first makes them, alike.
                new NewTopic(topics.impressions(), partitions, replication).configs(TopicCreator.DELETE),
                new NewTopic(topics.clicks(), partitions, replication).configs(TopicCreator.DELETE),
                new NewTopic(topics.clickPairs(), partitions, replication).configs(PAIRS_RETENTION),
                new NewTopic(topics.pairStats(), partitions, replication).configs(TopicCreator.COMPACT));
        try {
            TopicCreator.ensure(settings.bootstrapServers(), wanted, ADMIN_TIMEOUT_MS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the click-pair topics " + wanted, e);
        }
    }

    /** A search's impressions and clicks must meet in one task: same partition count, same key partitioner. */
    private void requireCoPartitionedInputs() throws InterruptedException {
        List<String> inputs = List.of(settings.topics().impressions(), settings.topics().clicks());
        Map<String, TopicDescription> described;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT_MS))) {
            described = admin.describeTopics(inputs).allTopicNames().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the click-pair inputs " + inputs, e);
        }
        Map<String, Integer> counts = described.values().stream()
                .collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size()));
        if (counts.values().stream().distinct().count() != 1) {
            throw new IllegalStateException("the click-pair inputs must have the same number of partitions (a "
                    + "search's impressions and clicks must meet in one task), but have " + counts);
        }
    }
}
