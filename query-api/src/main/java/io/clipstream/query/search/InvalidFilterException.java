package io.clipstream.query.search;

/** A filter the API cannot run: an unknown field, a value of the wrong type, an unknown operator... */
public class InvalidFilterException extends RuntimeException {

    private final String field;

    /** @param field the JSON path at fault, such as {@code filter.year.gte} */
    public InvalidFilterException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
