package io.clipstream.versions;

import io.clipstream.events.ModelVersionEvent;
import java.util.OptionalInt;

/**
 * The keys of the compacted models topic, one per thing compaction must keep: {@code <model>/v<n>} per version
 * (PUBLISHED, or a tombstone once retired) and {@code <model>/active} per base model (the latest ACTIVATED).
 */
public final class ModelsKeys {

    private ModelsKeys() {
    }

    public static String version(String baseModelId, int version) {
        return baseModelId + "/v" + version;
    }

    public static String active(String baseModelId) {
        return baseModelId + "/active";
    }

    /** The key an event is written under. */
    public static String of(ModelVersionEvent event) {
        return event.type() == ModelVersionEvent.Type.ACTIVATED ? active(event.baseModelId())
                : version(event.baseModelId(), event.version());
    }

    /**
     * The version a version key of {@code baseModelId} names; empty for every other key: another model's
     * (including one whose id extends this one's with "/v..."), the active key, null.
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

    public static boolean isActive(String baseModelId, String key) {
        return active(baseModelId).equals(key);
    }
}
