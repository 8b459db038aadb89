package io.clipstream.versions;

import io.clipstream.events.ModelVersionEvent.ReindexTarget;

/**
 * How far a version's projector has come, measured from outside: the committed offsets of its consumer group on
 * the embeddings log against the log's end offsets recorded when the version was published. The projector
 * commits only after the store acknowledged the writes, so a committed offset is a written one.
 */
public interface ReindexProgress {

    /** The end offsets of {@code topic} now: the target a version published now must reach. */
    ReindexTarget target(String topic) throws InterruptedException;

    /** Records of {@code target} that {@code group} has not committed yet; 0 = caught up. */
    long remaining(String group, ReindexTarget target) throws InterruptedException;
}
