package io.clipstream.indexer.duplicates;

import io.clipstream.events.DuplicateDismissal;
import io.clipstream.events.EventJson;
import io.clipstream.events.ImageDuplicates;
import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.indexer.project.ProjectionMeters;
import io.clipstream.indexer.project.ProjectorRuntime;
import io.clipstream.indexer.project.ProjectorSettings;
import io.clipstream.indexer.project.ProjectorStoreHealth;
import io.clipstream.indexer.project.StoreRetry;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.follow.TopicTail;
import io.clipstream.kafka.naming.Names;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.store.VectorStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The duplicates stage ({@code clipstream.duplicates.enabled}): its state read back from the duplicates topic, then
 * a {@link ProjectorRuntime} of its own consumer group over the embeddings log with a {@link DuplicatesWriter}, so
 * that pauses during store outages, retries, offsets after the acks and liveness are the projectors' own.
 *
 * <p>The state is global (groups span partitions), so the stage is meant to run in one replica; a second one would
 * share the partitions and miss the links between images the other consumed.
 */
@ApplicationScoped
public class DuplicatesStage {

    private static final Logger LOG = Logger.getLogger(DuplicatesStage.class);
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    IndexerConfig config;

    @Inject
    VectorStore store;

    @Inject
    ProjectorStoreHealth health;

    @Inject
    KafkaClientFactory kafka;

    @Inject
    MeterRegistry registry;

    private volatile ProjectorRuntime runtime;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile DuplicatesState state;
    private volatile TopicTail follower;

    // After the topics exist (TopicsBootstrap observes at 500) and the projector started (650).
    void onStart(@Observes @Priority(660) StartupEvent event) {
        IndexerConfig.Duplicates settings = config.duplicates();
        if (!settings.enabled()) {
            return;
        }
        String modelId = config.model().id();
        DuplicateRules rules = rules(settings, modelId);
        DuplicatesState restored = new DuplicatesState(modelId, settings.recentVectors());
        String topic = config.topics().duplicates();
        String dismissals = config.topics().duplicateDismissals();
        long dismissed = TopicSnapshot.read(kafka, "duplicates-restore", dismissals, RESTORE_TIMEOUT,
                (key, value) -> {
                    DuplicateDismissal d = DismissalFollower.parse(key, value);
                    if (d != null) {
                        restored.graph().dismiss(d.tier(), d.members());
                    }
                });
        long read = TopicSnapshot.read(kafka, "duplicates-restore", topic, RESTORE_TIMEOUT, (key, value) ->
                restored.restore(key, value == null ? null : parse(value)));
        restored.rebuild();
        state = restored;
        LOG.infof("duplicates stage: %d images restored from %d records of %s, %d dismissals; near cosine >= %s, "
                + "scene cosine >= %s for model %s", restored.size(), read, topic, dismissed, rules.nearMinCosine(),
                rules.sceneMinCosine(), modelId);
        IndexerConfig.Projector p = config.projector();
        ProjectionMeters meters = ProjectionMeters.of(registry, "duplicates");
        StoreRetry retry = new StoreRetry(Backoff.ofMillis(p.retryInitialBackoffMs(), p.retryMaxBackoffMs()),
                health.get(), meters.storeRetries(), "duplicates stage");
        producer = kafka.producer("duplicates-" + modelId, new StringSerializer(), new ByteArraySerializer(),
                Map.of());
        DuplicatesWriter writer = new DuplicatesWriter(restored, rules, store, p.alias(), settings.neighbours(),
                retry, new DuplicatesOutput(producer, topic), Clock.systemUTC());
        runtime = new ProjectorRuntime("duplicates stage", 0, writer, meters, kafka, new ProjectorSettings(
                config.topics().embeddings(modelId), Names.duplicatesGroup(modelId), "duplicates-" + modelId,
                p.maxPollRecords(), p.sessionTimeoutMs(), p.maxPollIntervalMs(),
                Backoff.ofMillis(p.retryInitialBackoffMs(), p.retryMaxBackoffMs()),
                Backoff.ofMillis(p.failureInitialBackoffMs(), p.failureMaxBackoffMs()), p.maxFailedBatches()));
        runtime.start();
        follower = DismissalFollower.tail(kafka, dismissals, writer, Backoff.ofMillis(p.failureInitialBackoffMs(),
                p.failureMaxBackoffMs()));
        follower.start();
    }

    /** The model's calibrated cosines ({@code default} when the model is not named). */
    static DuplicateRules rules(IndexerConfig.Duplicates settings, String modelId) {
        return new DuplicateRules(cosine(settings.nearMinCosine(), modelId, "near-min-cosine"),
                settings.nearMinPixelCorrelation(), cosine(settings.sceneMinCosine(), modelId, "scene-min-cosine"),
                settings.sceneWindowMs());
    }

    private static double cosine(Map<String, Double> byModel, String modelId, String name) {
        Double value = byModel.getOrDefault(modelId, byModel.get("default"));
        if (value == null) {
            throw new IllegalStateException("clipstream.duplicates." + name + " has neither " + modelId
                    + " nor default");
        }
        return value;
    }

    private static ImageDuplicates parse(byte[] value) {
        try {
            return EventJson.mapper().readValue(value, ImageDuplicates.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable record on the duplicates topic", e);
        }
    }

    void onStop(@Observes @Priority(5) ShutdownEvent event) throws InterruptedException {
        TopicTail f = follower;
        if (f != null) {
            follower = null;
            f.stop(STOP_TIMEOUT);
        }
        ProjectorRuntime r = runtime;
        if (r != null) {
            runtime = null;
            r.stop();
            if (!r.awaitStopped(STOP_TIMEOUT)) {
                LOG.errorf("the duplicates stage did not stop within %s", STOP_TIMEOUT);
            }
        }
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            producer = null;
            p.close();
        }
    }

    /** The stage's runtime status, empty when it does not run here. */
    public java.util.Optional<ProjectorRuntime.Status> status() {
        ProjectorRuntime r = runtime;
        return r == null ? java.util.Optional.empty() : java.util.Optional.of(r.status());
    }

    /** False when the stage's thread ended while it should run. */
    public boolean healthy() {
        ProjectorRuntime r = runtime;
        TopicTail f = follower;
        return (r == null || r.isHealthy()) && (f == null || f.alive());
    }
}
