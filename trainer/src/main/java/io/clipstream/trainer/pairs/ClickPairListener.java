package io.clipstream.trainer.pairs;

/**
 * What the click-pair topology reports as it goes, so the service can count it (Micrometer) without the topology
 * depending on a metrics library. Called on stream threads, possibly several at once. A record that is processed
 * again after a crash (exactly-once rolls the state back, not these calls) may be reported twice.
 */
public interface ClickPairListener {

    /** A click was dropped: it makes no pair and is not counted in the pair statistics. */
    void clickDropped(DropReason reason);

    /**
     * An impression was ignored: {@link DropReason#MALFORMED}, or {@link DropReason#EXPIRED} (older than any click
     * could join).
     */
    void impressionDropped(DropReason reason);

    /** A click pair was written (the first click on an image in a text search). */
    void pairEmitted();
}
