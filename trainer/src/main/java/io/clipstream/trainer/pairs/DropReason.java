package io.clipstream.trainer.pairs;

/** Why the click-pair topology did not use a click (or an impression); {@link #tag()} is the metric tag. */
public enum DropReason {
    /** The search was by image (more like this, upload): there is no text to pair the image with. */
    NOT_A_TEXT_SEARCH("not-a-text-search"),
    /** The click came later than the join window after its search's first impression. */
    EXPIRED("expired"),
    /** No impression of the click's search arrived within the grace period. */
    UNKNOWN_SEARCH("unknown-search"),
    /** The same click id again: an at-least-once redelivery. */
    DUPLICATE("duplicate"),
    /** The search already has the maximum number of accepted clicks. */
    OVER_CAP("over-cap"),
    /** The search showed another image at the click's rank, or never showed that rank within the grace period. */
    MISMATCH("mismatch"),
    /** Required fields are missing (the JSON parsed, but is not a usable event). */
    MALFORMED("malformed");

    private final String tag;

    DropReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
