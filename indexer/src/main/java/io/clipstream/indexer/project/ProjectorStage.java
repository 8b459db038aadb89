package io.clipstream.indexer.project;

import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.indexer.publish.DeadLetters;
import io.clipstream.indexer.publish.StatusEvents;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.store.VectorStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The base projector: consumes the embeddings log with the consumer group of the configured model version and
 * projects it into that version's collection, pointing the live alias at it if no alias exists yet. A batch is
 * acknowledged (its offsets committed) only after {@link VersionProjection} saw every write acknowledged; while the
 * store is down the batch is retried and the consumer stays paused. Other versions are built by
 * {@code reindex.VersionProjector}s through the same {@link VersionProjection}.
 */
@ApplicationScoped
public class ProjectorStage {

    private static final String STAGE = "project";

    @Inject
    IndexerConfig config;

    @Inject
    VectorStore store;

    @Inject
    StoreHealth health;

    @Inject
    DeadLetters deadLetters;

    @Inject
    StatusEvents status;

    @Inject
    AdapterRegistry registry;

    @Inject
    MeterRegistry meters;

    private VersionProjection projection;

    @PostConstruct
    void start() {
        String modelId = config.model().id();
        int version = config.projector().version();
        // Version 0 writes the base vectors as the encoder normalised them.
        UnaryOperator<float[]> adapter = version == 0 ? UnaryOperator.identity()
                : new VersionAdapter(registry, modelId, version);
        projection = new VersionProjection(ProjectedVersion.base(modelId, version, config.projector().alias()),
                adapter, store, new RetryingStore(health, config.projector().retryInitialBackoffMs(),
                config.projector().retryMaxBackoffMs()), ProjectionOutputs.of(deadLetters, status, STAGE),
                ProjectionMeters.base(meters));
    }

    @Incoming("embeddings")
    @Blocking
    public void onBatch(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        projection.project(batch);
    }

    @PreDestroy
    void stop() {
        projection.stop();
    }
}
