package io.clipstream.query.api.problem;

/**
 * A request the API refuses, answered as {@code application/problem+json} (RFC 9457). {@code field} names the
 * request field at fault (a JSON path like {@code filter.year} or a parameter name), when there is one.
 */
public class ApiProblem extends RuntimeException {

    /**
     * The query term at fault: its JSON pointer in the body (null for the search syntax), its 0-based index (null
     * when the query as a whole is at fault), and its place in the syntax text (nulls for a list of terms).
     */
    public record Term(String pointer, Integer index, Integer position, Integer length) {
    }

    private final int status;
    private final String type;
    private final String title;
    private final String field;
    private final Integer retryAfterSeconds;
    private final Term term;

    public ApiProblem(int status, String type, String title, String detail, String field, Integer retryAfterSeconds) {
        this(status, type, title, detail, field, null, retryAfterSeconds);
    }

    public ApiProblem(int status, String type, String title, String detail, String field, Term term,
                      Integer retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
        this.term = term;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiProblem invalid(String field, String detail) {
        return new ApiProblem(400, "invalid-request", "Invalid request", detail, field, null);
    }

    /**
     * A malformed term of a body's {@code terms} list: field {@code terms[index].part} and its JSON pointer; a null
     * {@code part} blames the whole term.
     */
    public static ApiProblem invalidTerm(int index, String part, String detail) {
        QueryTermProblems.Located at = QueryTermProblems.locate(false, index, null, part);
        return new ApiProblem(400, "invalid-query", "Invalid query", detail, at.field(), at.term(), null);
    }

    public static ApiProblem notFound(String field, String detail) {
        return new ApiProblem(404, "not-found", "Not Found", detail, field, null);
    }

    public static ApiProblem unprocessable(String field, String detail) {
        return new ApiProblem(422, "unprocessable", "Unprocessable request", detail, field, null);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", "Conflict", detail, null, null);
    }

    public static ApiProblem unavailable(String detail, int retryAfterSeconds) {
        return new ApiProblem(503, "unavailable", "Service Unavailable", detail, null, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }

    public Term term() {
        return term;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
