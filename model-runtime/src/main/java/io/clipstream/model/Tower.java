package io.clipstream.model;

/** The two encoders of a contrastive model. */
public enum Tower {
    VISION,
    TEXT
}
