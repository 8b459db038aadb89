package io.clipstream.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Value of a record on the compacted models topic (schemas/model-version.schema.json). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelVersionEvent(
        Type type,
        String baseModelId,
        int version,
        String collection,
        Integer previousVersion,
        Instant time) {

    public enum Type {
        PUBLISHED,
        ACTIVATED
    }

    /** Key of a PUBLISHED record: one per version, so compaction keeps every version's record. */
    public static String publishedKey(String baseModelId, int version) {
        return baseModelId + "/v" + version;
    }

    /** Key of ACTIVATED records: one per base model, so compaction keeps the latest activation. */
    public static String activeKey(String baseModelId) {
        return baseModelId + "/active";
    }

    public String key() {
        return type == Type.ACTIVATED ? activeKey(baseModelId) : publishedKey(baseModelId, version);
    }
}
