package io.clipstream.trainer.models;

import io.clipstream.events.ModelVersionEvent;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the models topic says about one base model: its published, not retired, versions and the active one
 * (version 0 while nothing was activated).
 */
public final class ModelsState {

    private final String baseModelId;
    private final SortedMap<Integer, ModelVersionEvent> published = new TreeMap<>();
    private final SortedSet<Integer> retired = new TreeSet<>();
    private ModelVersionEvent active;

    public ModelsState(String baseModelId) {
        this.baseModelId = baseModelId;
    }

    /** Applies one record of the topic; records of other models are ignored. */
    public void apply(String key, ModelVersionEvent event) {
        if (event == null) {
            ModelVersionEvent.versionOf(baseModelId, key).ifPresent(version -> {
                published.remove(version);
                retired.add(version);
            });
            return;
        }
        if (!baseModelId.equals(event.baseModelId())) {
            return;
        }
        if (event.type() == ModelVersionEvent.Type.PUBLISHED) {
            published.put(event.version(), event);
            retired.remove(event.version());
        } else {
            active = event;
        }
    }

    public int activeVersion() {
        return active == null ? 0 : active.version();
    }

    public Optional<ModelVersionEvent> activation() {
        return Optional.ofNullable(active);
    }

    public SortedMap<Integer, ModelVersionEvent> published() {
        return Collections.unmodifiableSortedMap(published);
    }

    public SortedSet<Integer> retired() {
        return Collections.unmodifiableSortedSet(retired);
    }

    /** The highest version number ever used on the topic, retired ones included. */
    public int highestVersion() {
        int high = 0;
        if (!published.isEmpty()) {
            high = published.lastKey();
        }
        if (!retired.isEmpty()) {
            high = Math.max(high, retired.last());
        }
        return Math.max(high, activeVersion());
    }
}
