package io.clipstream.query.api;

import io.clipstream.events.ModelVersionEvent;
import io.clipstream.query.api.problem.ApiProblem;
import io.clipstream.query.embed.TextEmbedder;
import io.clipstream.query.search.SearchSessions;
import io.clipstream.query.version.ActiveModel;
import io.clipstream.query.version.ActiveModelHolder;
import io.clipstream.query.version.QueryModelVersions;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator endpoints; every one needs the X-API-Key header (see {@link ApiKeyFilter}). */
@Path("/v1/admin")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    ActiveModelHolder active;

    @Inject
    QueryModelVersions versions;

    @Inject
    TextEmbedder text;

    @Inject
    SearchSessions sessions;

    /** What the status endpoint reports. */
    public record Status(String baseModelId, int version, String collection, boolean modelsTopicRead,
                         long cachedQueries, long searchSessions) {
    }

    /** The body of the activation endpoint. */
    public record Activate(Integer version) {
    }

    @GET
    @Path("/status")
    @Operation(summary = "Active version, caches and sessions")
    public Status status() {
        ActiveModel model = active.current();
        return new Status(model.baseModelId(), model.version(), model.collection(), versions.caughtUp(),
                text.cachedQueries(), sessions.size());
    }

    @POST
    @Path("/cache/clear")
    @Operation(summary = "Drop cached query embeddings")
    public Response clearCache() {
        text.clearCache();
        return Response.noContent().build();
    }

    @POST
    @Path("/models/activate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Activate a built model version (also how to roll back)",
            description = "The version must be 0 or published and not retired, its projector must have caught up "
                    + "with the embeddings log as it was at publication, and its collection and adapters must exist "
                    + "(else 422). Points the alias at it and writes ACTIVATED to the models topic; every replica "
                    + "switches when it reads the record.")
    public Response activate(Activate body) throws InterruptedException {
        if (body == null || body.version() == null) {
            throw ApiProblem.invalid("version", "'version' is required");
        }
        ModelVersionEvent event = versions.activate(body.version());
        return Response.accepted(event).build();
    }

    @POST
    @Path("/models/rollback")
    @Operation(summary = "Roll back to the version that was live before the last activation",
            description = "The same checks and effects as activate; 409 when nothing was ever activated.")
    public Response rollback() throws InterruptedException {
        return Response.accepted(versions.rollback()).build();
    }
}
