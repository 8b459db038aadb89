package io.clipstream.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.OptionalInt;

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

    /**
     * The version a PUBLISHED key of {@code baseModelId} names ({@code <model>/v<n>}); empty for every other key:
     * another model's (including one whose id extends this one's with "/v..."), the active key, null.
     *
     * @throws IllegalArgumentException when the key has this model's form but its number does not fit an int
     */
    public static OptionalInt versionOf(String baseModelId, String key) {
        String prefix = baseModelId + "/v";
        if (key == null || !key.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String digits = key.substring(prefix.length());
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(digits));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("version number " + digits + " of key " + key + " is out of range", e);
        }
    }

    /** Key of ACTIVATED records: one per base model, so compaction keeps the latest activation. */
    public static String activeKey(String baseModelId) {
        return baseModelId + "/active";
    }

    public String key() {
        return type == Type.ACTIVATED ? activeKey(baseModelId) : publishedKey(baseModelId, version);
    }
}
