package io.clipstream.query.version;

import io.clipstream.events.ModelVersionEvent;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.query.config.QueryConfig;
import io.clipstream.store.VectorStore;
import io.clipstream.versions.ModelsFollower;
import io.clipstream.versions.ModelsState;
import io.clipstream.versions.ModelsTopic;
import io.clipstream.versions.VersionActivation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The query API's side of the models topic: the shared follower switches searches to each activated version
 * ({@link ActivationApplier}), and the admin endpoints activate and roll back through the shared
 * {@link VersionActivation}, under the same rules as the trainer. Until the topic has been read, the API is not
 * ready, so it never answers with a version that was already replaced.
 */
@ApplicationScoped
public class QueryModelVersions {

    @Inject
    QueryConfig config;

    @Inject
    ActiveModelHolder holder;

    @Inject
    AdapterRegistry registry;

    @Inject
    VectorStore store;

    @Inject
    MeterRegistry meters;

    @Inject
    KafkaClientFactory kafka;

    private ModelsTopic models;
    private VersionActivation activation;

    // After the topics exist (TopicsBootstrap observes at 500).
    void onStart(@Observes @Priority(600) StartupEvent event) {
        Counter refused = Counter.builder("clipstream.query.model.activations.refused")
                .description("ACTIVATED records that could not be applied (missing adapters or collection) and "
                        + "models-topic records that were skipped")
                .register(meters);
        ActivationApplier applier = new ActivationApplier(holder, registry, store, refused::increment);
        models = ModelsTopic.open(kafka, "clipstream-query", config.versions(), config.topics().models(),
                holder.baseModelId(), new ModelsFollower.Listener() {
                    @Override
                    public void onState(ModelsState state) {
                        applier.apply(state);
                    }

                    @Override
                    public void onMalformed(ConsumerRecord<String, byte[]> record, String reason) {
                        refused.increment();
                    }
                });
        activation = models.activation(new VersionActivation.Target(holder.baseModelId(), holder.dims(),
                config.search().alias()), store, registry, Clock.systemUTC());
        models.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (models != null) {
            models.close();
        }
    }

    /** True once every record present at start-up has been applied; false again while the follower recovers. */
    public boolean caughtUp() {
        return models != null && models.follower().caughtUp();
    }

    /** False once the follower gave up (an error no retry cures). */
    public boolean alive() {
        return models == null || models.follower().alive();
    }

    /** The follower's status; null before start-up. */
    public ModelsFollower.Status status() {
        return models == null ? null : models.follower().status();
    }

    /** @see VersionActivation#activate */
    public ModelVersionEvent activate(int version) throws InterruptedException {
        return activation().activate(version);
    }

    /** @see VersionActivation#rollback */
    public ModelVersionEvent rollback() throws InterruptedException {
        return activation().rollback();
    }

    private VersionActivation activation() {
        if (activation == null) {
            throw new IllegalStateException("the models topic is not followed yet (the application is starting)");
        }
        return activation;
    }

}
