package io.clipstream.indexer.project;

import io.clipstream.events.EmbeddingMessage;
import io.clipstream.events.ImageEmbedded;
import io.clipstream.store.VectorRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The writes one batch of the embeddings log asks for. Within a batch the last record of an image id wins, which
 * is what applying the records one by one would leave behind; so upserts and deletes touch disjoint ids.
 *
 * @param upserts records to write, by image id
 * @param deletes image ids to remove
 * @param invalid records that cannot be projected, with the reason
 */
public record ProjectionPlan(Map<String, VectorRecord> upserts, Set<String> deletes, List<Invalid> invalid) {

    /** A record of the log that does not decode or does not fit the collection. */
    public record Invalid(ConsumerRecord<String, byte[]> record, String reason, Exception cause) {
    }

    /**
     * @param adapter maps a base embedding into this version's space (identity for version 0); a vector it refuses
     *                with an {@link IllegalArgumentException} is invalid, any other exception fails the batch
     * @param dims the collection's dimension, or 0 when the collection does not exist yet
     */
    public static ProjectionPlan of(List<ConsumerRecord<String, byte[]>> records, UnaryOperator<float[]> adapter,
                                    int dims, long nowMs) {
        Map<String, VectorRecord> upserts = new LinkedHashMap<>();
        Set<String> deletes = new LinkedHashSet<>();
        List<Invalid> invalid = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String id = record.key();
            if (id == null) {
                invalid.add(new Invalid(record, "embeddings record has no key", null));
                continue;
            }
            if (record.value() == null) {
                upserts.remove(id);
                deletes.add(id);
                continue;
            }
            EmbeddingMessage message;
            try {
                message = EmbeddingMessage.decode(record.value());
            } catch (IllegalArgumentException e) {
                invalid.add(new Invalid(record, e.getMessage(), e));
                continue;
            }
            ImageEmbedded header = message.header();
            if (!id.equals(header.imageId())) {
                invalid.add(new Invalid(record, "key '" + id + "' differs from header imageId '" + header.imageId()
                        + "'", null));
                continue;
            }
            float[] vector;
            try {
                vector = adapter.apply(message.vector());
            } catch (IllegalArgumentException e) {
                invalid.add(new Invalid(record, "the version's adapter cannot map this vector: " + e.getMessage(), e));
                continue;
            }
            if (dims > 0 && vector.length != dims) {
                invalid.add(new Invalid(record, "vector has " + vector.length + " dims, the collection " + dims,
                        null));
                continue;
            }
            deletes.remove(id);
            upserts.put(id, new VectorRecord(id, vector, header.url(), header.contentType(), header.metadata(),
                    header.eventTime() == null ? 0 : header.eventTime().toEpochMilli(), nowMs));
        }
        return new ProjectionPlan(upserts, deletes, invalid);
    }

    /** Vector size of the first upsert, or 0 when there is none. */
    public int firstDims() {
        return upserts.values().stream().findFirst().map(r -> r.vector().length).orElse(0);
    }
}
