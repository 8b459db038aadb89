package io.clipstream.events;

/** What became of an image, as reported on images.indexed. */
public enum IndexStatus {
    INDEXED,
    DELETED,
    REJECTED
}
