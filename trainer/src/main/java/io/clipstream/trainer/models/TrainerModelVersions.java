package io.clipstream.trainer.models;

import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.model.ClipModel;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.store.VectorStore;
import io.clipstream.trainer.config.TrainerConfig;
import io.clipstream.versions.AdminReindexProgress;
import io.clipstream.versions.ModelsFollower;
import io.clipstream.versions.ModelsState;
import io.clipstream.versions.ModelsView;
import io.clipstream.versions.ModelsWriter;
import io.clipstream.versions.ReindexProgress;
import io.clipstream.versions.VersionActivation;
import io.clipstream.versions.VersionRetention;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The trainer's side of the models topic, all from the shared model-versions library: the follower (so every
 * decision sees the topic read up to its end), the writer of PUBLISHED and retirements, reindex progress, the one
 * activation path and retention.
 */
@ApplicationScoped
public class TrainerModelVersions {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

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
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaSettings;

    private ModelsFollower follower;
    private ModelsWriter writer;
    private Admin admin;
    private ReindexProgress progress;
    private VersionActivation activation;

    // After the topics exist (TopicsBootstrap observes at 500).
    void onStart(@Observes @Priority(600) StartupEvent event) {
        String topic = config.topics().models();
        KafkaClientFactory kafka = kafkaClients();
        follower = ModelsFollower.create(kafka, "clipstream-trainer-models", ModelsFollower.Settings.of(
                config.versions(), topic, config.model().id()), state -> { });
        writer = ModelsWriter.create(kafka, "clipstream-trainer-models", topic, kafkaTimeout());
        admin = kafka.admin("clipstream-trainer-versions");
        progress = new AdminReindexProgress(admin, kafkaTimeout());
        follower.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (follower != null) {
            follower.stop(STOP_TIMEOUT);
            writer.close();
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** The models topic read up to its end now. */
    public ModelsState latest() throws InterruptedException {
        return follower.latest(kafkaTimeout());
    }

    public ModelsView view() {
        return follower;
    }

    public ModelsWriter writer() {
        return writer;
    }

    public ReindexProgress progress() {
        return progress;
    }

    public VersionRetention retention() {
        return new VersionRetention(config.model().id(), config.trainer().keepVersions(), follower, writer,
                kafkaTimeout());
    }

    public synchronized VersionActivation activation() {
        if (activation == null) {
            activation = new VersionActivation(new VersionActivation.Target(config.model().id(), model.get().dims(),
                    config.trainer().alias()), follower, progress, store.get(), registry, writer, clock,
                    kafkaTimeout());
        }
        return activation;
    }

    /** False once the follower gave up (an error no retry cures). */
    public boolean alive() {
        return follower == null || follower.alive();
    }

    public Duration kafkaTimeout() {
        return config.versions().kafkaTimeout();
    }

    // Until kafka-support's factory is a bean of its own: the kafka.* settings, as the Kafka extension reads them.
    private KafkaClientFactory kafkaClients() {
        return new KafkaClientFactory(kafkaSettings);
    }
}
