package io.clipstream.query.search;

/** A ranking mode that does not fit the query, e.g. a keyword search for an image. */
public class InvalidModeException extends RuntimeException {

    private final String field;

    public InvalidModeException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
