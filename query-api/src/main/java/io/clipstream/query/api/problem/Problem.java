package io.clipstream.query.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The body of an {@code application/problem+json} answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://clipstream.io/problems/";

    public static Response response(int status, String type, String title, String detail, String field,
                                    String instance, Integer retryAfterSeconds) {
        Response.ResponseBuilder builder = Response.status(status)
                .type(MediaType.valueOf(MEDIA_TYPE))
                .entity(new Problem(TYPE_BASE + type, title, status, detail, field, instance));
        if (retryAfterSeconds != null) {
            builder.header("Retry-After", retryAfterSeconds);
        }
        return builder.build();
    }

    public static Response of(ApiProblem problem, String instance) {
        return response(problem.status(), problem.type(), problem.title(), problem.getMessage(), problem.field(),
                instance, problem.retryAfterSeconds());
    }
}
