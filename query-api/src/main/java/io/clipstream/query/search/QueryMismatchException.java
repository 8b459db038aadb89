package io.clipstream.query.search;

/** A page asked of a remembered search with a query other than the one it was started with. */
public class QueryMismatchException extends RuntimeException {

    private final String field;

    /** @param field the request field that differs ({@code q} or {@code imageId}) */
    public QueryMismatchException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
