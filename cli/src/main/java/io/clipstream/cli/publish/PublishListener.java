package io.clipstream.cli.publish;

import java.nio.file.Path;

/**
 * Hears what happens to each file; called from the publishing thread and from Kafka's I/O thread (acks), so
 * implementations must be thread-safe. Every file found gets exactly one of published, skipped, failed.
 */
public interface PublishListener {

    PublishListener NONE = new PublishListener() {
    };

    /** @param files the candidate files found (before content checks) */
    default void started(int files) {
    }

    default void published(Path file, String imageId) {
    }

    default void skipped(Path file, SkipReason reason, String detail) {
    }

    default void failed(Path file, String reason) {
    }
}
