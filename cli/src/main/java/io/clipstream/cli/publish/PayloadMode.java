package io.clipstream.cli.publish;

/** How an event carries its image. */
public enum PayloadMode {
    /** The bytes, base64, in the event ({@code data}): nothing else needs to reach the file. */
    INLINE,
    /** A {@code file://} url of the real absolute path: the indexer reads it below its {@code fetch.file-root}. */
    URL
}
