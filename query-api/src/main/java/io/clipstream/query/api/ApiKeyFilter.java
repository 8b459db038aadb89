package io.clipstream.query.api;

import io.clipstream.query.api.problem.Problem;
import io.clipstream.query.config.QueryConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards /v1/admin: 401 without the X-API-Key header, 403 with a wrong key, and 403 for everyone while no key is
 * configured. Keys are compared in constant time.
 */
public class ApiKeyFilter {

    public static final String HEADER = "X-API-Key";

    @Inject
    QueryConfig config;

    // Pre-matching, so that a missing key is a 401 even where the request would fail matching (415, 405).
    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/admin")) {
            return Optional.empty();
        }
        Optional<String> expected = config.admin().apiKey().filter(k -> !k.isBlank());
        if (expected.isEmpty()) {
            return Optional.of(Problem.response(403, "forbidden", "Forbidden",
                    "the admin API is disabled: no clipstream.admin.api-key is configured", HEADER, path, null));
        }
        String given = request.getHeaderString(HEADER);
        if (given == null || given.isEmpty()) {
            Response missing = Problem.response(401, "unauthorized", "Unauthorized",
                    "admin endpoints need the API key in the " + HEADER + " header", HEADER, path, null);
            return Optional.of(Response.fromResponse(missing).header("WWW-Authenticate", "ApiKey header=\"" + HEADER
                    + "\"").build());
        }
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.get().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(Problem.response(403, "forbidden", "Forbidden", "the API key is not valid", HEADER,
                    path, null));
        }
        return Optional.empty();
    }
}
