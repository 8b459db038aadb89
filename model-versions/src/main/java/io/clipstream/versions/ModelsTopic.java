package io.clipstream.versions;

import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.store.VectorStore;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;

/**
 * The models topic as a service that takes version decisions uses it (the query API, the trainer): the follower,
 * the writer and reindex progress, built from the one client factory and closed together, and the activation and
 * retention on top of them.
 */
public final class ModelsTopic implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final ModelsFollower follower;
    private final ModelsWriter writer;
    private final Admin admin;
    private final ReindexProgress progress;
    private final Duration kafkaTimeout;

    private ModelsTopic(ModelsFollower follower, ModelsWriter writer, Admin admin, Duration kafkaTimeout) {
        this.follower = follower;
        this.writer = writer;
        this.admin = admin;
        this.progress = new AdminReindexProgress(admin, kafkaTimeout);
        this.kafkaTimeout = kafkaTimeout;
    }

    /**
     * Builds the clients (named {@code <clientName>-models}, {@code <clientName>-versions}); the follower starts
     * with {@link #start()}.
     */
    public static ModelsTopic open(KafkaClientFactory kafka, String clientName, VersionsConfig config, String topic,
                                   String baseModelId, ModelsFollower.Listener listener) {
        ModelsFollower follower = ModelsFollower.create(kafka, clientName + "-models",
                ModelsFollower.Settings.of(config, topic, baseModelId), listener);
        ModelsWriter writer = ModelsWriter.create(kafka, clientName + "-models", topic, config.kafkaTimeout());
        return new ModelsTopic(follower, writer, kafka.admin(clientName + "-versions"), config.kafkaTimeout());
    }

    public void start() {
        follower.start();
    }

    public ModelsFollower follower() {
        return follower;
    }

    public ModelsWriter writer() {
        return writer;
    }

    public ReindexProgress progress() {
        return progress;
    }

    public Duration kafkaTimeout() {
        return kafkaTimeout;
    }

    /** The models topic read up to its end now. */
    public ModelsState latest() throws InterruptedException {
        return follower.latest(kafkaTimeout);
    }

    public VersionActivation activation(VersionActivation.Target target, VectorStore store, AdapterRegistry registry,
                                        Clock clock) {
        return new VersionActivation(target, follower, progress, store, registry, writer, clock, kafkaTimeout);
    }

    public VersionRetention retention(String baseModelId, int keep) {
        return new VersionRetention(baseModelId, keep, follower, writer, kafkaTimeout);
    }

    /** Stops the follower, then closes the writer and the admin client. */
    @Override
    public void close() throws InterruptedException {
        try {
            follower.stop(STOP_TIMEOUT);
        } finally {
            writer.close();
            admin.close(Duration.ofSeconds(5));
        }
    }
}
