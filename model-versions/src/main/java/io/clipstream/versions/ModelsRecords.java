package io.clipstream.versions;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.EventJson;
import io.clipstream.events.EventSchemas;
import io.clipstream.events.ModelVersionEvent;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;

/**
 * Reads and checks records of the models topic for one base model: the value must match the model-version schema
 * and say what its key promises (PUBLISHED of that very version on a version key, ACTIVATED of this model on the
 * active key). Anything else under this model's keys is {@link ModelsEntry.Malformed}, never applied.
 */
public final class ModelsRecords {

    private final String baseModelId;

    public ModelsRecords(String baseModelId) {
        this.baseModelId = baseModelId;
    }

    public ModelsEntry read(String key, byte[] value) {
        OptionalInt named;
        try {
            named = ModelsKeys.versionOf(baseModelId, key);
        } catch (IllegalArgumentException e) {
            return new ModelsEntry.Malformed(e.getMessage());
        }
        if (named.isPresent()) {
            return value == null ? new ModelsEntry.Retired(named.getAsInt()) : version(named.getAsInt(), value);
        }
        if (ModelsKeys.isActive(baseModelId, key)) {
            return value == null ? new ModelsEntry.Malformed("a tombstone on the active key; nothing writes one")
                    : activation(value);
        }
        return new ModelsEntry.Unrelated();
    }

    private ModelsEntry version(int version, byte[] value) {
        ModelsEntry parsed = parse(value);
        return switch (parsed) {
            case ModelsEntry.Published(ModelVersionEvent event)
                    when !baseModelId.equals(event.baseModelId()) || event.version() != version ->
                    new ModelsEntry.Malformed("value is about " + event.baseModelId() + " v" + event.version()
                            + ", the key about " + baseModelId + " v" + version);
            case ModelsEntry.Activated activated ->
                    new ModelsEntry.Malformed("a version key must carry PUBLISHED, found ACTIVATED");
            default -> parsed;
        };
    }

    private ModelsEntry activation(byte[] value) {
        ModelsEntry parsed = parse(value);
        return switch (parsed) {
            case ModelsEntry.Activated(ModelVersionEvent event) when !baseModelId.equals(event.baseModelId()) ->
                    new ModelsEntry.Malformed("value is about " + event.baseModelId() + ", the key about "
                            + baseModelId);
            case ModelsEntry.Published published ->
                    new ModelsEntry.Malformed("the active key must carry ACTIVATED, found PUBLISHED");
            default -> parsed;
        };
    }

    /** Published or Activated by the value's type, or Malformed; the key is checked by the caller. */
    private static ModelsEntry parse(byte[] value) {
        JsonNode json;
        try {
            json = EventJson.mapper().readTree(value);
        } catch (IOException e) {
            return new ModelsEntry.Malformed("value is not JSON: " + e.getMessage());
        }
        List<String> problems = EventSchemas.get().validate(EventSchemas.MODEL_VERSION, json);
        if (!problems.isEmpty()) {
            return new ModelsEntry.Malformed("value does not match the model-version schema: " + problems);
        }
        ModelVersionEvent event;
        try {
            event = EventJson.mapper().treeToValue(json, ModelVersionEvent.class);
        } catch (IOException e) {
            return new ModelsEntry.Malformed("value does not read as a model version event: " + e.getMessage());
        }
        return switch (event.type()) {
            case PUBLISHED -> new ModelsEntry.Published(event);
            case ACTIVATED -> new ModelsEntry.Activated(event);
        };
    }
}
