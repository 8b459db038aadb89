package io.clipstream.indexer.project;

import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.indexer.publish.DeadLetters;
import io.clipstream.indexer.publish.StatusEvents;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.store.VectorStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Builds the {@link ProjectorRuntime} of a version from configuration: the same code, settings, meters, dead-letter
 * topic and store health for v0 and every published version; only the adapter, the collection, the consumer group
 * and the version tag differ.
 */
@Singleton
public class ProjectorRuntimes {

    private static final Logger LOG = Logger.getLogger(ProjectorRuntimes.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final IndexerConfig config;
    private final VectorStore store;
    private final ProjectorStoreHealth health;
    private final DeadLetters deadLetters;
    private final StatusEvents status;
    private final MeterRegistry registry;
    private final KafkaClientFactory kafka;

    @Inject
    public ProjectorRuntimes(IndexerConfig config, VectorStore store, ProjectorStoreHealth health,
                             DeadLetters deadLetters, StatusEvents status, MeterRegistry registry,
                             KafkaClientFactory kafka) {
        this.config = config;
        this.store = store;
        this.health = health;
        this.deadLetters = deadLetters;
        this.status = status;
        this.registry = registry;
        this.kafka = kafka;
    }

    /** A started runtime and the meters to drop when it is stopped for good. */
    public record Running(ProjectorRuntime runtime, ProjectionMeters meters, Gauge lag) {
    }

    /** Starts projecting {@code target} with {@code adapter} (the identity for v0). */
    public Running start(ProjectedVersion target, UnaryOperator<float[]> adapter) {
        IndexerConfig.Projector settings = config.projector();
        long rpcDeadlineMs = config.milvus().rpcDeadlineMs();
        if (settings.maxPollIntervalMs() < 2 * rpcDeadlineMs) {
            throw new IllegalStateException("clipstream.projector.max-poll-interval-ms (" + settings.maxPollIntervalMs()
                    + ") must be at least twice clipstream.milvus.rpc-deadline-ms (" + rpcDeadlineMs + "): one "
                    + "batch's store calls must fit between two polls");
        }
        int version = target.version();
        ProjectionMeters meters = ProjectionMeters.of(registry, version);
        String name = "projector-" + target.modelId() + "-v" + version;
        StoreRetry retry = new StoreRetry(Backoff.ofMillis(settings.retryInitialBackoffMs(),
                settings.retryMaxBackoffMs()), health.get(), meters.storeRetries(), "projector v" + version);
        VersionProjection projection = new VersionProjection(target, adapter, store, retry,
                ProjectionOutputs.of(deadLetters, status, "project-v" + version), meters, settings.textFields());
        ProjectorRuntime runtime = new ProjectorRuntime(projection, kafka, new ProjectorSettings(
                config.topics().embeddings(target.modelId()), ProjectorGroup.of(target.modelId(), version), name,
                settings.maxPollRecords(), settings.sessionTimeoutMs(), settings.maxPollIntervalMs(),
                Backoff.ofMillis(settings.retryInitialBackoffMs(), settings.retryMaxBackoffMs()),
                Backoff.ofMillis(settings.failureInitialBackoffMs(), settings.failureMaxBackoffMs()),
                settings.maxFailedBatches()));
        Gauge lag = Gauge.builder("clipstream.projector.lag", runtime, r -> lagOf(r.status()))
                .tag("version", Integer.toString(version))
                .description("Embeddings-log records of this replica's partitions a projector has not written yet "
                        + "(NaN while unknown)")
                .register(registry);
        runtime.start();
        return new Running(runtime, meters, lag);
    }

    /** Stops a runtime (nothing unacknowledged is committed) and drops its meters. */
    public void stop(Running running) throws InterruptedException {
        ProjectorRuntime runtime = running.runtime();
        runtime.stop();
        if (!runtime.awaitStopped(STOP_TIMEOUT)) {
            LOG.errorf("projector v%d did not stop within %s; its uncommitted records will be consumed again",
                    runtime.version(), STOP_TIMEOUT);
        }
        running.meters().removeFrom(registry);
        registry.remove(running.lag());
    }

    private static double lagOf(ProjectorRuntime.Status status) {
        return status.lag() < 0 ? Double.NaN : status.lag();
    }
}
