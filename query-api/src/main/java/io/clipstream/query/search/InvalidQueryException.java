package io.clipstream.query.search;

/**
 * A query the search cannot run: a syntax error, a weight out of range, too many terms, only negative terms,
 * terms that cancel out. It names the term at fault where there is one.
 */
public class InvalidQueryException extends RuntimeException {

    /** Which part of a term is at fault. */
    public enum Part { TEXT, WEIGHT, IMAGE_ID, IMAGE }

    private final boolean syntax;
    private final Integer term;
    private final SearchQuery.Span span;
    private final Part part;

    /**
     * @param syntax whether the query was written in the search syntax (else given as a list of terms)
     * @param term 0-based index of the term at fault, or null when the query as a whole is
     * @param span where that term stands in the syntax text, or null
     * @param part the part of the term at fault, or null
     */
    public InvalidQueryException(boolean syntax, Integer term, SearchQuery.Span span, Part part, String message) {
        super(message);
        this.syntax = syntax;
        this.term = term;
        this.span = span;
        this.part = part;
    }

    public boolean syntax() {
        return syntax;
    }

    public Integer term() {
        return term;
    }

    public SearchQuery.Span span() {
        return span;
    }

    public Part part() {
        return part;
    }
}
