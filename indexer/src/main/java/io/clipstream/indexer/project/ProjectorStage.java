package io.clipstream.indexer.project;

import io.clipstream.events.ErrorClass;
import io.clipstream.events.ImageIndexed;
import io.clipstream.events.IndexStatus;
import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.indexer.publish.Acks;
import io.clipstream.indexer.publish.DeadLetters;
import io.clipstream.indexer.publish.StatusEvents;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The projector stage: consumes the embeddings log with a consumer group of its own model version and upserts
 * into that version's collection. A batch is acknowledged (its offsets committed) only after the store
 * acknowledged its writes; while the store is down the batch is retried and the consumer stays paused.
 */
@ApplicationScoped
public class ProjectorStage {

    private static final Logger LOG = Logger.getLogger(ProjectorStage.class);
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
    MeterRegistry registry;

    private CollectionManager collections;
    private RetryingStore retrying;
    private Timer writeTimer;
    private String modelId;
    private int version;

    @PostConstruct
    void start() {
        modelId = config.model().id();
        version = config.projector().version();
        String collection = CollectionSpec.nameFor(modelId, version);
        collections = new CollectionManager(store, collection, config.projector().alias());
        retrying = new RetryingStore(health, config.projector().retryInitialBackoffMs(),
                config.projector().retryMaxBackoffMs());
        writeTimer = Timer.builder("clipstream.project.write").description("Vector store write time per batch")
                .publishPercentileHistogram().register(registry);
    }

    @Incoming("embeddings")
    @Blocking
    public void onBatch(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        long now = System.currentTimeMillis();
        ProjectionPlan first = ProjectionPlan.of(batch, UnaryOperator.identity(), collections.dims(), now);
        if (collections.dims() == 0 && first.firstDims() > 0) {
            retrying.run("create collection " + collections.collection(), () -> collections.ensure(first.firstDims()));
        }
        ProjectionPlan plan = collections.dims() == 0 ? first
                : ProjectionPlan.of(batch, UnaryOperator.identity(), collections.dims(), now);
        List<CompletionStage<Void>> sends = new ArrayList<>();
        for (ProjectionPlan.Invalid invalid : plan.invalid()) {
            sends.add(reject(invalid.record(), ErrorClass.MALFORMED_EMBEDDING, invalid.reason(), invalid.cause()));
        }
        Timer.Sample sample = Timer.start(registry);
        List<VectorRecord> written = write(plan, batch, sends);
        if (!plan.deletes().isEmpty()) {
            retrying.run("delete from " + collections.collection(),
                    () -> store.delete(collections.collection(), plan.deletes()));
        }
        sample.stop(writeTimer);
        Instant time = Instant.ofEpochMilli(now);
        for (VectorRecord record : written) {
            sends.add(status.publish(ImageIndexed.stored(record.id(), IndexStatus.INDEXED, modelId, version,
                    collections.collection(), time)));
        }
        for (String id : plan.deletes()) {
            sends.add(status.publish(ImageIndexed.stored(id, IndexStatus.DELETED, modelId, version,
                    collections.collection(), time)));
        }
        registry.counter("clipstream.project.records", "op", "upsert").increment(written.size());
        registry.counter("clipstream.project.records", "op", "delete").increment(plan.deletes().size());
        Acks.awaitAll(sends);
    }

    /** Upserts the plan; a batch the store refuses for good is written one by one to isolate the culprits. */
    private List<VectorRecord> write(ProjectionPlan plan, List<ConsumerRecord<String, byte[]>> batch,
                                     List<CompletionStage<Void>> sends) throws InterruptedException {
        List<VectorRecord> records = new ArrayList<>(plan.upserts().values());
        if (records.isEmpty()) {
            return records;
        }
        try {
            retrying.run("upsert into " + collections.collection(),
                    () -> store.upsert(collections.collection(), records));
            return records;
        } catch (VectorStoreException refused) {
            LOG.warnf("the store refused a batch of %d (%s); writing one by one", records.size(),
                    refused.getMessage());
        }
        List<VectorRecord> written = new ArrayList<>();
        for (VectorRecord record : records) {
            try {
                retrying.run("upsert " + record.id(), () -> store.upsert(collections.collection(), List.of(record)));
                written.add(record);
            } catch (VectorStoreException refused) {
                ConsumerRecord<String, byte[]> source = lastRecordOf(batch, record.id());
                sends.add(reject(source, ErrorClass.STORE_REJECTED, refused.getMessage(), refused));
            }
        }
        return written;
    }

    private CompletionStage<Void> reject(ConsumerRecord<String, byte[]> record, ErrorClass errorClass,
                                         String reason, Exception cause) {
        LOG.warnf("dead-lettering %s at %s-%d@%d: %s", record.key(), record.topic(), record.partition(),
                record.offset(), reason);
        return deadLetters.embedding(record, errorClass, reason, cause == null ? null : cause.getClass().getName(),
                STAGE);
    }

    private static ConsumerRecord<String, byte[]> lastRecordOf(List<ConsumerRecord<String, byte[]>> batch,
                                                               String id) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            if (id.equals(batch.get(i).key())) {
                return batch.get(i);
            }
        }
        throw new IllegalStateException("no record for " + id + " in its own batch");
    }

    @PreDestroy
    void stop() {
        retrying.stop();
    }
}
