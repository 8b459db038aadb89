package io.clipstream.query.feedback;

/** A click that does not match what its search showed: no image at that rank, or another image there. */
public class ClickRejectedException extends RuntimeException {

    private final String field;

    /** @param field the click field at fault ({@code rank} or {@code imageId}) */
    public ClickRejectedException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
