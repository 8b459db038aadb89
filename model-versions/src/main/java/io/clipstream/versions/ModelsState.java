package io.clipstream.versions;

import io.clipstream.events.ModelVersionEvent;
import java.util.Collections;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the models topic says about one base model, folded record by record: its published versions (latest
 * PUBLISHED of a key not retired since), its retired ones, and the latest activation (version 0, the base model,
 * is active while there is none). Like the compacted topic itself the latest record of a key wins, so a version
 * published again after its retirement is published. Immutable: the follower hands the same instance to any
 * thread.
 */
public final class ModelsState {

    /** Where a version stands. */
    public enum Standing {
        /** Version 0: the base model, projected all the time, never published or retired. */
        BASE,
        PUBLISHED,
        RETIRED,
        /** Never published (or a record the follower skipped). */
        UNKNOWN
    }

    private final String baseModelId;
    private final SortedMap<Integer, ModelVersionEvent> published;
    private final SortedSet<Integer> retired;
    private final ModelVersionEvent activation;

    private ModelsState(String baseModelId, SortedMap<Integer, ModelVersionEvent> published,
                        SortedSet<Integer> retired, ModelVersionEvent activation) {
        this.baseModelId = baseModelId;
        this.published = Collections.unmodifiableSortedMap(published);
        this.retired = Collections.unmodifiableSortedSet(retired);
        this.activation = activation;
    }

    public static ModelsState empty(String baseModelId) {
        return new ModelsState(baseModelId, new TreeMap<>(), new TreeSet<>(), null);
    }

    /** The state after {@code entry}; this instance when it changes nothing. */
    public ModelsState apply(ModelsEntry entry) {
        return switch (entry) {
            case ModelsEntry.Published(ModelVersionEvent event) -> {
                if (event.equals(published.get(event.version()))) {
                    yield this;
                }
                SortedMap<Integer, ModelVersionEvent> next = new TreeMap<>(published);
                next.put(event.version(), event);
                SortedSet<Integer> nextRetired = new TreeSet<>(retired);
                nextRetired.remove(event.version());
                yield new ModelsState(baseModelId, next, nextRetired, activation);
            }
            case ModelsEntry.Retired(int version) -> {
                if (retired.contains(version) && !published.containsKey(version)) {
                    yield this;
                }
                SortedMap<Integer, ModelVersionEvent> next = new TreeMap<>(published);
                next.remove(version);
                SortedSet<Integer> nextRetired = new TreeSet<>(retired);
                nextRetired.add(version);
                yield new ModelsState(baseModelId, next, nextRetired, activation);
            }
            case ModelsEntry.Activated(ModelVersionEvent event) ->
                    event.equals(activation) ? this : new ModelsState(baseModelId, published, retired, event);
            case ModelsEntry.Unrelated unrelated -> this;
            case ModelsEntry.Malformed malformed -> this;
        };
    }

    public String baseModelId() {
        return baseModelId;
    }

    /** Published, not retired, versions with their PUBLISHED record, ascending. */
    public SortedMap<Integer, ModelVersionEvent> published() {
        return published;
    }

    public SortedSet<Integer> publishedVersions() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(published.keySet()));
    }

    /** Versions whose latest record is a tombstone, ascending. */
    public SortedSet<Integer> retired() {
        return retired;
    }

    public Standing standing(int version) {
        if (version == 0) {
            return Standing.BASE;
        }
        if (published.containsKey(version)) {
            return Standing.PUBLISHED;
        }
        return retired.contains(version) ? Standing.RETIRED : Standing.UNKNOWN;
    }

    /** The latest ACTIVATED record, if any. */
    public Optional<ModelVersionEvent> activation() {
        return Optional.ofNullable(activation);
    }

    public int activeVersion() {
        return activation == null ? 0 : activation.version();
    }

    /** The version that was live before the latest activation: what a rollback activates. */
    public OptionalInt rollbackTarget() {
        return activation == null || activation.previousVersion() == null ? OptionalInt.empty()
                : OptionalInt.of(activation.previousVersion());
    }

    /** The highest version number ever used on the topic, retired ones included. */
    public int highestVersion() {
        int high = activeVersion();
        if (!published.isEmpty()) {
            high = Math.max(high, published.lastKey());
        }
        if (!retired.isEmpty()) {
            high = Math.max(high, retired.last());
        }
        return high;
    }

    @Override
    public String toString() {
        return baseModelId + ": active v" + activeVersion() + ", published " + published.keySet() + ", retired "
                + retired;
    }
}
