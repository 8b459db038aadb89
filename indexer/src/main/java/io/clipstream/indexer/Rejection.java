package io.clipstream.indexer;

import io.clipstream.events.ErrorClass;

/** An upload refused for a reason that retrying cannot fix; it goes to the dead-letter topic. */
public class Rejection extends Exception {

    private final ErrorClass errorClass;

    public Rejection(ErrorClass errorClass, String message) {
        super(message);
        this.errorClass = errorClass;
    }

    public Rejection(ErrorClass errorClass, String message, Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
    }

    public ErrorClass errorClass() {
        return errorClass;
    }

    /** Class name of the underlying exception, or of this one when there is none. */
    public String causeClassName() {
        return getCause() != null ? getCause().getClass().getName() : getClass().getName();
    }
}
