package io.clipstream.indexer.project;

import io.clipstream.events.ErrorClass;
import io.clipstream.events.ImageIndexed;
import io.clipstream.events.IndexStatus;
import io.clipstream.indexer.publish.Acks;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreException;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Projects records of the embeddings log into one version's collection, for the {@link ProjectorRuntime} of every
 * version (v0 with the identity adapter). {@link #project} returns only once the store acknowledged every write
 * and Kafka every status event and dead letter, so the caller may then commit the records' offsets. Outages are
 * retried through {@link StoreRetry}; a record the store refuses for good is isolated ({@link RefusalIsolation}) and
 * dead-lettered with the store's message, and the rest is written.
 */
public final class VersionProjection implements PartitionWriter {

    private static final Logger LOG = Logger.getLogger(VersionProjection.class);

    private final ProjectedVersion target;
    private final CollectionManager collections;
    private final UnaryOperator<float[]> adapter;
    private final VectorStore store;
    private final StoreRetry retry;
    private final ProjectionOutputs outputs;
    private final ProjectionMeters meters;

    /**
     * @param adapter maps base embeddings into the version's space; it may throw (adapters that cannot be loaded),
     *                which fails the records before anything is written
     */
    public VersionProjection(ProjectedVersion target, UnaryOperator<float[]> adapter, VectorStore store,
                             StoreRetry retry, ProjectionOutputs outputs, ProjectionMeters meters) {
        this(target, adapter, store, retry, outputs, meters, List.of());
    }

    /** @param textFields metadata keys the version's collection indexes for keyword search, if it creates it */
    public VersionProjection(ProjectedVersion target, UnaryOperator<float[]> adapter, VectorStore store,
                             StoreRetry retry, ProjectionOutputs outputs, ProjectionMeters meters,
                             List<String> textFields) {
        this.target = target;
        this.collections = new CollectionManager(store, target.collection(), target.aliasWhenNone(), textFields);
        this.adapter = adapter;
        this.store = store;
        this.retry = retry;
        this.outputs = outputs;
        this.meters = meters;
    }

    public ProjectedVersion target() {
        return target;
    }

    public ProjectionMeters meters() {
        return meters;
    }

    /**
     * Writes records of one partition: upserts, deletes, statuses and dead letters; awaits every ack.
     *
     * @param pause what to do between two attempts while the store is out
     */
    @Override
    public void project(List<ConsumerRecord<String, byte[]>> records, StoreRetry.Pause pause)
            throws InterruptedException {
        long now = System.currentTimeMillis();
        int knownDims = collections.dims();
        ProjectionPlan first = ProjectionPlan.of(records, adapter, knownDims, now);
        if (knownDims == 0 && first.firstDims() > 0) {
            retry.run("create collection " + collections.collection(), () -> collections.ensure(first.firstDims()),
                    pause);
        }
        // A plan made before the collection existed could not check vector sizes against it.
        ProjectionPlan plan = knownDims == 0 && collections.dims() > 0
                ? ProjectionPlan.of(records, adapter, collections.dims(), now) : first;
        List<CompletionStage<Void>> sends = new ArrayList<>();
        for (ProjectionPlan.Invalid invalid : plan.invalid()) {
            sends.add(reject(invalid.record(), ErrorClass.MALFORMED_EMBEDDING, invalid.reason(), invalid.cause()));
        }
        String collection = collections.collection();
        Timer.Sample sample = Timer.start();
        RefusalIsolation.Result<VectorRecord> upserted = RefusalIsolation.write(
                new ArrayList<>(plan.upserts().values()),
                chunk -> retry.run("upsert " + chunk.size() + " records into " + collection,
                        () -> store.upsert(collection, chunk), pause),
                refusal -> requireCollection(refusal, pause));
        RefusalIsolation.Result<String> deleted = RefusalIsolation.write(new ArrayList<>(plan.deletes()),
                chunk -> retry.run("delete " + chunk.size() + " records from " + collection,
                        () -> store.delete(collection, chunk), pause),
                refusal -> requireCollection(refusal, pause));
        sample.stop(meters.writes());
        for (RefusalIsolation.Refused<VectorRecord> refused : upserted.refused()) {
            sends.add(refusedByStore(records, refused.item().id(), refused.refusal()));
        }
        for (RefusalIsolation.Refused<String> refused : deleted.refused()) {
            sends.add(refusedByStore(records, refused.item(), refused.refusal()));
        }
        Instant time = Instant.ofEpochMilli(now);
        for (VectorRecord record : upserted.written()) {
            sends.add(outputs.status(ImageIndexed.stored(record.id(), IndexStatus.INDEXED, target.modelId(),
                    target.version(), collection, time)));
        }
        for (String id : deleted.written()) {
            sends.add(outputs.status(ImageIndexed.stored(id, IndexStatus.DELETED, target.modelId(),
                    target.version(), collection, time)));
        }
        meters.upserts().increment(upserted.written().size());
        meters.deletes().increment(deleted.written().size());
        meters.refused().increment(upserted.refused().size() + deleted.refused().size());
        Acks.awaitAll(sends);
    }

    /**
     * A collection dropped under a running projector (its version retired by another replica, or by hand) refuses
     * every record: that is no reason to dead-letter them. The records fail instead and are consumed again later,
     * when the collection is created anew or the projector stopped.
     */
    private void requireCollection(VectorStoreException refusal, StoreRetry.Pause pause)
            throws InterruptedException {
        String collection = collections.collection();
        boolean exists = retry.call("look up " + collection, () -> store.collectionExists(collection), pause);
        if (!exists) {
            collections.forget();
            throw new IllegalStateException("collection " + collection + " disappeared while projecting into it: "
                    + refusal.getMessage(), refusal);
        }
        LOG.warnf("the store refused records for %s (%s); isolating them", collection, refusal.getMessage());
    }

    private CompletionStage<Void> refusedByStore(List<ConsumerRecord<String, byte[]>> records, String id,
                                                 VectorStoreException refusal) {
        return reject(lastRecordOf(records, id), ErrorClass.STORE_REJECTED, refusal.getMessage(), refusal);
    }

    private CompletionStage<Void> reject(ConsumerRecord<String, byte[]> record, ErrorClass errorClass,
                                         String reason, Exception cause) {
        LOG.warnf("dead-lettering %s at %s-%d@%d for %s: %s", record.key(), record.topic(), record.partition(),
                record.offset(), collections.collection(), reason);
        return outputs.deadLetter(record, errorClass, reason, cause);
    }

    private static ConsumerRecord<String, byte[]> lastRecordOf(List<ConsumerRecord<String, byte[]>> records,
                                                               String id) {
        for (int i = records.size() - 1; i >= 0; i--) {
            if (id.equals(records.get(i).key())) {
                return records.get(i);
            }
        }
        throw new IllegalStateException("no record for " + id + " among the records it came from");
    }
}
