package io.clipstream.indexer.reindex;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.EventJson;
import io.clipstream.events.EventSchemas;
import io.clipstream.events.ModelVersionEvent;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The versions of one base model as the models topic states them, applied record by record: a PUBLISHED value on
 * key {@code <model>/v<n>} publishes version n, a tombstone on that key retires it. Like the compacted topic
 * itself, the latest record of a key wins, so a version published again after its retirement is published.
 * Keys of other models and the {@code <model>/active} key are not this class's business; records that claim to
 * be about a version of this model but do not say so consistently are logged, counted and skipped.
 */
public final class PublishedVersions {

    private static final Logger LOG = Logger.getLogger(PublishedVersions.class);

    /** A version's state changed. */
    public sealed interface Change {
        int version();
    }

    public record Published(int version) implements Change {
    }

    public record Retired(int version) implements Change {
    }

    private final String modelId;
    private final Runnable onMalformed;
    // true: published, false: retired.
    private final Map<Integer, Boolean> states = new TreeMap<>();

    /** @param onMalformed called once per skipped record that claims to be about this model's versions */
    public PublishedVersions(String modelId, Runnable onMalformed) {
        this.modelId = modelId;
        this.onMalformed = onMalformed;
    }

    /** Applies one record of the models topic; returns the version whose state it changed, if any. */
    public Optional<Change> apply(ConsumerRecord<String, byte[]> record) {
        OptionalInt named;
        try {
            named = ModelVersionEvent.versionOf(modelId, record.key());
        } catch (IllegalArgumentException e) {
            return malformed(record, e.getMessage());
        }
        if (named.isEmpty()) {
            return Optional.empty();
        }
        int version = named.getAsInt();
        if (record.value() == null) {
            return transition(version, false);
        }
        JsonNode json;
        try {
            json = EventJson.mapper().readTree(record.value());
        } catch (IOException e) {
            return malformed(record, "value is not JSON: " + e.getMessage());
        }
        List<String> problems = EventSchemas.get().validate(EventSchemas.MODEL_VERSION, json);
        if (!problems.isEmpty()) {
            return malformed(record, "value does not match the model-version schema: " + problems);
        }
        ModelVersionEvent event;
        try {
            event = EventJson.mapper().treeToValue(json, ModelVersionEvent.class);
        } catch (IOException e) {
            return malformed(record, "value does not read as a model version event: " + e.getMessage());
        }
        if (event.type() != ModelVersionEvent.Type.PUBLISHED) {
            return malformed(record, "a version key must carry PUBLISHED, found " + event.type());
        }
        if (!modelId.equals(event.baseModelId()) || event.version() != version) {
            return malformed(record, "value is about " + event.baseModelId() + " v" + event.version()
                    + ", the key about " + modelId + " v" + version);
        }
        return transition(version, true);
    }

    /** Versions whose latest record is PUBLISHED, ascending. */
    public SortedSet<Integer> published() {
        return versionsIn(true);
    }

    /** Versions whose latest record is a tombstone, ascending. */
    public SortedSet<Integer> retired() {
        return versionsIn(false);
    }

    private SortedSet<Integer> versionsIn(boolean published) {
        SortedSet<Integer> out = new TreeSet<>();
        states.forEach((version, state) -> {
            if (state == published) {
                out.add(version);
            }
        });
        return Collections.unmodifiableSortedSet(out);
    }

    private Optional<Change> transition(int version, boolean published) {
        Boolean before = states.put(version, published);
        if (before != null && before == published) {
            return Optional.empty();
        }
        return Optional.of(published ? new Published(version) : new Retired(version));
    }

    private Optional<Change> malformed(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.errorf("skipping record %s at %s-%d@%d of the models topic: %s", record.key(), record.topic(),
                record.partition(), record.offset(), reason);
        onMalformed.run();
        return Optional.empty();
    }
}
