package io.clipstream.query.api;

import io.clipstream.query.api.problem.ApiProblem;
import io.clipstream.query.feedback.ClickService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Logs that a person opened a result. */
@Path("/v1/clicks")
@Tag(name = "feedback")
@Produces(MediaType.APPLICATION_JSON)
public class ClickResource {

    static final long MAX_DWELL_MS = 24L * 3600 * 1000;

    @Inject
    ClickService clicks;

    @Inject
    RequestChecks checks;

    /** The body of POST /v1/clicks: rank is the absolute rank the image was shown at. */
    public record Body(String searchId, String imageId, Integer rank, Long dwellMs) {
    }

    /** The answer: the logged click's id. */
    public record Accepted(String clickId) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log a click on a search result",
            description = "202 once the click is in the Kafka log; 404 for an unknown or expired searchId; 422 when "
                    + "the image was not shown at that rank.")
    public Response click(Body body) throws InterruptedException {
        if (body == null) {
            throw ApiProblem.invalid("searchId", "send a JSON body with searchId, imageId and rank");
        }
        String searchId = checks.searchId(body.searchId());
        if (searchId == null) {
            throw ApiProblem.invalid("searchId", "'searchId' is required");
        }
        String imageId = checks.imageId(body.imageId());
        if (body.rank() == null || body.rank() < 1) {
            throw ApiProblem.invalid("rank", "'rank' must be the 1-based rank the image was shown at");
        }
        if (body.dwellMs() != null && (body.dwellMs() < 0 || body.dwellMs() > MAX_DWELL_MS)) {
            throw ApiProblem.invalid("dwellMs", "'dwellMs' must be within 0.." + MAX_DWELL_MS);
        }
        String clickId = clicks.click(searchId, imageId, body.rank(), body.dwellMs());
        return Response.accepted(new Accepted(clickId)).build();
    }
}
