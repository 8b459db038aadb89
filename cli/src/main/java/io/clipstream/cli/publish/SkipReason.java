package io.clipstream.cli.publish;

/** Why a file was not published although nothing went wrong. */
public enum SkipReason {
    NOT_AN_IMAGE("not an image"),
    UNSUPPORTED_IMAGE("image format the indexer does not decode"),
    ALREADY_PUBLISHED("already published (resume)"),
    DUPLICATE("same content as another file of this run");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
