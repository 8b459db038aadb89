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
 * Projects batches of the embeddings log into one version's collection: the base projector and every version
 * projector run this same code. {@link #project} returns only once the store acknowledged every write and Kafka
 * every status event and dead letter of the batch, so the caller may then commit the batch's offsets.
 */
public final class VersionProjection {

    private static final Logger LOG = Logger.getLogger(VersionProjection.class);

    private final ProjectedVersion target;
    private final CollectionManager collections;
    private final UnaryOperator<float[]> adapter;
    private final VectorStore store;
    private final RetryingStore retrying;
    private final ProjectionOutputs outputs;
    private final ProjectionMeters meters;

    /**
     * @param adapter maps base embeddings into the version's space; it may throw (adapters that cannot be loaded),
     *                which fails the batch before anything is written
     * @param retrying this projection's own: {@link #stop()} ends its waits without touching other projectors
     */
    public VersionProjection(ProjectedVersion target, UnaryOperator<float[]> adapter, VectorStore store,
                             RetryingStore retrying, ProjectionOutputs outputs, ProjectionMeters meters) {
        this.target = target;
        this.collections = new CollectionManager(store, target.collection(), target.aliasWhenNone());
        this.adapter = adapter;
        this.store = store;
        this.retrying = retrying;
        this.outputs = outputs;
        this.meters = meters;
    }

    public ProjectedVersion target() {
        return target;
    }

    /** Writes one batch: upserts (one by one when the store refuses the whole), deletes, statuses; awaits acks. */
    public void project(List<ConsumerRecord<String, byte[]>> batch) throws InterruptedException {
        long now = System.currentTimeMillis();
        int knownDims = collections.dims();
        ProjectionPlan first = ProjectionPlan.of(batch, adapter, knownDims, now);
        if (knownDims == 0 && first.firstDims() > 0) {
            retrying.run("create collection " + collections.collection(), () -> collections.ensure(first.firstDims()));
        }
        // A plan made before the collection existed could not check vector sizes against it.
        ProjectionPlan plan = knownDims == 0 && collections.dims() > 0
                ? ProjectionPlan.of(batch, adapter, collections.dims(), now) : first;
        List<CompletionStage<Void>> sends = new ArrayList<>();
        for (ProjectionPlan.Invalid invalid : plan.invalid()) {
            sends.add(reject(invalid.record(), ErrorClass.MALFORMED_EMBEDDING, invalid.reason(), invalid.cause()));
        }
        Timer.Sample sample = Timer.start();
        List<VectorRecord> written = write(plan, batch, sends);
        if (!plan.deletes().isEmpty()) {
            retrying.run("delete from " + collections.collection(),
                    () -> store.delete(collections.collection(), plan.deletes()));
        }
        sample.stop(meters.writes());
        Instant time = Instant.ofEpochMilli(now);
        for (VectorRecord record : written) {
            sends.add(outputs.status(ImageIndexed.stored(record.id(), IndexStatus.INDEXED, target.modelId(),
                    target.version(), collections.collection(), time)));
        }
        for (String id : plan.deletes()) {
            sends.add(outputs.status(ImageIndexed.stored(id, IndexStatus.DELETED, target.modelId(),
                    target.version(), collections.collection(), time)));
        }
        meters.upserts().increment(written.size());
        meters.deletes().increment(plan.deletes().size());
        Acks.awaitAll(sends);
    }

    /** Ends waits for the store, so that a stopping projector does not wait for an outage to end. */
    public void stop() {
        retrying.stop();
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
            requireCollection(refused);
            LOG.warnf("the store refused a batch of %d for %s (%s); writing one by one", records.size(),
                    collections.collection(), refused.getMessage());
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

    /**
     * A collection dropped under a running projector (its version retired by another replica, or by hand) refuses
     * every record: that is no reason to dead-letter them. The batch fails instead and is consumed again later.
     */
    private void requireCollection(VectorStoreException refused) throws InterruptedException {
        boolean[] exists = new boolean[1];
        retrying.run("look up " + collections.collection(),
                () -> exists[0] = store.collectionExists(collections.collection()));
        if (!exists[0]) {
            collections.forget();
            throw new IllegalStateException("collection " + collections.collection()
                    + " disappeared while projecting into it: " + refused.getMessage(), refused);
        }
    }

    private CompletionStage<Void> reject(ConsumerRecord<String, byte[]> record, ErrorClass errorClass,
                                         String reason, Exception cause) {
        LOG.warnf("dead-lettering %s at %s-%d@%d for %s: %s", record.key(), record.topic(), record.partition(),
                record.offset(), collections.collection(), reason);
        return outputs.deadLetter(record, errorClass, reason, cause);
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
}
