package io.clipstream.query.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body over {@code quarkus.http.limits.max-body-size} is refused by Vert.x before any resource runs, with an
 * empty 413. This answers it like every other refusal: {@code application/problem+json} naming the limit. A
 * declared {@code Content-Length} over the limit is refused before the body is read (and the connection closed,
 * so the client stops sending); a chunked body that grows past it is answered by the failure handler.
 */
@ApplicationScoped
public class BodyLimit {

    /** Before the body handler and the REST layer. */
    private static final int FILTER_PRIORITY = 10_000;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    @Inject
    ObjectMapper json;

    void checkDeclaredLength(@Observes Filters filters) {
        long limit = limit();
        if (limit <= 0) {
            return;
        }
        filters.register(ctx -> {
            String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && length(declared) > limit) {
                refuse(ctx, limit);
            } else {
                ctx.next();
            }
        }, FILTER_PRIORITY);
    }

    void answerFailures(@Observes Router router) {
        long limit = limit();
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                refuse(ctx, limit);
            } else {
                ctx.next();
            }
        });
    }

    private void refuse(RoutingContext ctx, long limit) {
        Problem problem = new Problem(Problem.TYPE_BASE + "payload-too-large", "Payload Too Large", 413,
                "the request body is larger than the limit of " + limit + " bytes "
                        + "(quarkus.http.limits.max-body-size)", null, ctx.request().path());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Problem record did not serialise", e);
        }
        ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(body);
    }

    private long limit() {
        return maxBodySize.map(MemorySize::asLongValue).orElse(0L);
    }

    private static long length(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            // Vert.x itself refuses a malformed Content-Length; nothing to add here.
            return -1;
        }
    }
}
