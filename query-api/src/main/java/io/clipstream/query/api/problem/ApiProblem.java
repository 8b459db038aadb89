package io.clipstream.query.api.problem;

/**
 * A request the API refuses, answered as {@code application/problem+json} (RFC 9457). {@code field} names the
 * request field at fault (a JSON path like {@code filter.year} or a parameter name), when there is one.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final String field;
    private final Integer retryAfterSeconds;

    public ApiProblem(int status, String type, String title, String detail, String field, Integer retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiProblem invalid(String field, String detail) {
        return new ApiProblem(400, "invalid-request", "Invalid request", detail, field, null);
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

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
