package io.clipstream.versions;

import io.clipstream.events.ModelVersionEvent;

/** What one record of the models topic says about one base model, once read and checked by {@link ModelsRecords}. */
public sealed interface ModelsEntry {

    /** A PUBLISHED record on a version key. */
    record Published(ModelVersionEvent event) implements ModelsEntry {
    }

    /** A tombstone on a version key. */
    record Retired(int version) implements ModelsEntry {
    }

    /** An ACTIVATED record on the active key. */
    record Activated(ModelVersionEvent event) implements ModelsEntry {
    }

    /** A record about another base model. */
    record Unrelated() implements ModelsEntry {
    }

    /** A record under this model's keys that does not say what its key promises; skipped. */
    record Malformed(String reason) implements ModelsEntry {
    }
}
