package io.clipstream.query.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of an {@code application/problem+json} answer. For a query term at fault: {@code pointer} is its JSON
 * pointer in the request body ({@code /terms/2/weight}), {@code term} its 0-based index, and for a query in the
 * search syntax {@code position} and {@code length} where it stands in {@code q} (code points).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail,
                      @Schema(description = "The request field at fault: a parameter (q, k), a body path "
                              + "(filter.year.gte, terms[2].weight)") String field,
                      String instance,
                      @Schema(description = "JSON pointer of the body member at fault (/terms/2/weight)")
                      String pointer,
                      @Schema(description = "0-based index of the query term at fault") Integer term,
                      @Schema(description = "Where that term starts in q, in code points from 0") Integer position,
                      @Schema(description = "Its length in q, in code points") Integer length) {

    public Problem(String type, String title, int status, String detail, String field, String instance) {
        this(type, title, status, detail, field, instance, null, null, null, null);
    }

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://clipstream.io/problems/";

    public static Response response(int status, String type, String title, String detail, String field,
                                    String instance, Integer retryAfterSeconds) {
        return response(status, type, title, detail, field, null, instance, retryAfterSeconds);
    }

    static Response response(int status, String type, String title, String detail, String field,
                             ApiProblem.Term term, String instance, Integer retryAfterSeconds) {
        Problem body = term == null
                ? new Problem(TYPE_BASE + type, title, status, detail, field, instance)
                : new Problem(TYPE_BASE + type, title, status, detail, field, instance, term.pointer(), term.index(),
                        term.position(), term.length());
        Response.ResponseBuilder builder = Response.status(status)
                .type(MediaType.valueOf(MEDIA_TYPE))
                .entity(body);
        if (retryAfterSeconds != null) {
            builder.header("Retry-After", retryAfterSeconds);
        }
        return builder.build();
    }

    public static Response of(ApiProblem problem, String instance) {
        return response(problem.status(), problem.type(), problem.title(), problem.getMessage(), problem.field(),
                problem.term(), instance, problem.retryAfterSeconds());
    }
}
