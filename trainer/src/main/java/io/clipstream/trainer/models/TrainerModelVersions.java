package io.clipstream.trainer.models;

import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.model.ClipModel;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.store.VectorStore;
import io.clipstream.trainer.config.TrainerConfig;
import io.clipstream.trainer.cycle.CycleVersions;
import io.clipstream.versions.ModelsState;
import io.clipstream.versions.ModelsTopic;
import io.clipstream.versions.VersionActivation;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * The trainer's side of the models topic, all from the shared model-versions library: every decision sees the
 * topic read up to its end; publishing, reindex progress, the one activation path and retention.
 */
@ApplicationScoped
public class TrainerModelVersions {

    @Inject
    TrainerConfig config;

    @Inject
    AdapterRegistry registry;

    @Inject
    Clock clock;

    // Lazy: the model's dimension needs the text tower loaded, the store a Milvus client; reading versions needs
    // neither.
    @Inject
    Instance<ClipModel> model;

    @Inject
    Instance<VectorStore> store;

    @Inject
    KafkaClientFactory kafka;

    private ModelsTopic models;
    private VersionActivation activation;

    // After the topics exist (TopicsBootstrap observes at 500).
    void onStart(@Observes @Priority(600) StartupEvent event) {
        models = ModelsTopic.open(kafka, "clipstream-trainer", config.versions(), config.topics().models(),
                config.model().id(), state -> { });
        models.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (models != null) {
            models.close();
        }
    }

    /** The models topic read up to its end now. */
    public ModelsState latest() throws InterruptedException {
        return models.latest();
    }

    public synchronized VersionActivation activation() {
        if (activation == null) {
            activation = models.activation(new VersionActivation.Target(config.model().id(), model.get().dims(),
                    config.trainer().alias()), store.get(), registry, clock);
        }
        return activation;
    }

    /** What a training cycle does with versions. */
    public CycleVersions forCycle() {
        return new CycleVersions(models.follower(), models.writer(), models.progress(), activation(),
                models.retention(config.model().id(), config.trainer().keepVersions()), models.kafkaTimeout());
    }

    /** False once the follower gave up (an error no retry cures). */
    public boolean alive() {
        return models == null || models.follower().alive();
    }

}
