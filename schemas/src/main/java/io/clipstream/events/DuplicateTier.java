package io.clipstream.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How alike the members of a duplicate group are, strictest first. */
public enum DuplicateTier {
    /** The same bytes, or the same decoded model input (a metadata-only change, a lossless re-save). */
    @JsonProperty("exact") EXACT,
    /** A re-encode, resize, small crop or tone shift: close embeddings confirmed by the pixel hash. */
    @JsonProperty("near") NEAR,
    /** Alike and taken close in time (a burst): shown as a group, never hidden. */
    @JsonProperty("scene") SCENE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tier named {@code name} (case-insensitive). */
    public static DuplicateTier parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Whether a link of this tier also joins a group of {@code tier}: exact links join near and scene groups. */
    public boolean joins(DuplicateTier tier) {
        return ordinal() <= tier.ordinal();
    }
}
