package io.clipstream.versions;

import io.clipstream.events.EventJson;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.events.ModelVersionEvent.ReindexTarget;
import java.time.Instant;
import java.util.Map;

/** Models-topic records for tests. */
final class ModelsTestData {

    static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    private ModelsTestData() {
    }

    static ModelVersionEvent published(String model, int v) {
        return published(model, v, new ReindexTarget("images.embeddings." + model, Map.of(0, 10L, 1, 5L)));
    }

    static ModelVersionEvent published(String model, int v, ReindexTarget target) {
        return new ModelVersionEvent(ModelVersionEvent.Type.PUBLISHED, model, v, "images_" + model + "_v" + v, null,
                T, target);
    }

    static ModelVersionEvent activated(String model, int v, Integer previous) {
        return new ModelVersionEvent(ModelVersionEvent.Type.ACTIVATED, model, v, "images_" + model + "_v" + v,
                previous, T);
    }

    static byte[] json(ModelVersionEvent event) {
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The state after reading {@code events} (tombstones as a null value under their key) in order. */
    static ModelsState fold(String model, Object... keysAndEvents) {
        ModelsRecords records = new ModelsRecords(model);
        ModelsState state = ModelsState.empty(model);
        for (Object item : keysAndEvents) {
            ModelsEntry entry = item instanceof ModelVersionEvent e ? records.read(ModelsKeys.of(e), json(e))
                    : records.read((String) item, null);
            state = state.apply(entry);
        }
        return state;
    }
}
