package io.clipstream.indexer.reindex;

import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.versions.ModelsFollower;
import io.clipstream.versions.ModelsState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.SortedSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Hands the versions of this model that the models topic publishes and retires to {@link VersionProjectors},
 * through the shared {@link ModelsFollower}: nothing is started or retired before the topic has been read to its
 * end, so a version published and retired long ago is never built again, and the whole state is handed over after
 * every poll (which also retries retirements that are due).
 */
@ApplicationScoped
public class ModelVersions {

    private static final Logger LOG = Logger.getLogger(ModelVersions.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    IndexerConfig config;

    @Inject
    VersionProjectors projectors;

    @Inject
    KafkaClientFactory kafka;

    @Inject
    MeterRegistry meters;

    private ModelsFollower follower;
    private SortedSet<Integer> lastPublished;
    private SortedSet<Integer> lastRetired;

    // After the topics exist (TopicsBootstrap observes at 500).
    void onStart(@Observes @Priority(700) StartupEvent event) {
        if (!enabled()) {
            LOG.infof("reindex off (clipstream.reindex.enabled=%s, clipstream.projector.enabled=%s)",
                    config.reindex().enabled(), config.projector().enabled());
            return;
        }
        Counter malformed = Counter.builder("clipstream.reindex.models.malformed")
                .description("Records on the models topic about this model's versions that were skipped")
                .register(meters);
        String model = config.model().id();
        follower = ModelsFollower.create(kafka, "clipstream-indexer-models-" + model,
                ModelsFollower.Settings.of(config.versions(), config.topics().models(), model),
                new ModelsFollower.Listener() {
                    @Override
                    public void onState(ModelsState state) throws InterruptedException {
                        reconcile(state);
                    }

                    @Override
                    public void onMalformed(ConsumerRecord<String, byte[]> record, String reason) {
                        malformed.increment();
                    }
                });
        follower.start();
    }

    // Before the channels and emitters stop: the version projectors still send statuses while they finish.
    void onStop(@Observes @Priority(10) ShutdownEvent event) throws InterruptedException {
        if (follower != null) {
            follower.stop(STOP_TIMEOUT);
        }
        projectors.stopAll();
    }

    public boolean enabled() {
        return config.reindex().enabled() && config.projector().enabled();
    }

    /** The follower's status; null while reindex is off. */
    public ModelsFollower.Status status() {
        return follower == null ? null : follower.status();
    }

    /** False when the follower gave up or its thread died while it should run. */
    public boolean alive() {
        return follower == null || follower.alive();
    }

    private void reconcile(ModelsState state) throws InterruptedException {
        SortedSet<Integer> published = state.publishedVersions();
        if (!published.equals(lastPublished) || !state.retired().equals(lastRetired)) {
            LOG.infof("models topic: %s versions published %s, retired %s", state.baseModelId(), published,
                    state.retired());
            lastPublished = published;
            lastRetired = state.retired();
        }
        projectors.reconcile(published, state.retired());
    }

}
