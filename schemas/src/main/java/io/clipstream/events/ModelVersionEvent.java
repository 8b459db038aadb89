package io.clipstream.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * Value of a record on the compacted models topic (schemas/model-version.schema.json). Its keys, and what a
 * record means for a version, are the model-versions library's business ({@code io.clipstream.versions}).
 *
 * @param reindexTarget PUBLISHED only: the embeddings log's end offsets when the version was published, which its
 *                      projector group must have committed before the version may go live; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelVersionEvent(
        Type type,
        String baseModelId,
        int version,
        String collection,
        Integer previousVersion,
        Instant time,
        ReindexTarget reindexTarget) {

    public enum Type {
        PUBLISHED,
        ACTIVATED
    }

    /** An event without a reindex target (every ACTIVATED, and PUBLISHED records of older trainers). */
    public ModelVersionEvent(Type type, String baseModelId, int version, String collection, Integer previousVersion,
                             Instant time) {
        this(type, baseModelId, version, collection, previousVersion, time, null);
    }

    /**
     * Where a version's projector must have come before the version may go live.
     *
     * @param topic      the embeddings log the projector reads
     * @param endOffsets that log's end offset per partition at publication
     */
    public record ReindexTarget(String topic, Map<Integer, Long> endOffsets) {

        public ReindexTarget {
            endOffsets = Map.copyOf(endOffsets);
        }

        /** Records of the log at publication: what the projector had to project. */
        public long records() {
            return endOffsets.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
