package io.clipstream.query.api;

import io.clipstream.query.version.ActiveModel;
import io.clipstream.query.version.ActiveModelHolder;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Which model version searches use now. */
@Path("/v1/models/active")
@Tag(name = "models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    @Inject
    ActiveModelHolder active;

    /** The active version. */
    public record Active(String baseModelId, int version, String collection, Instant since) {
    }

    @GET
    @Operation(summary = "The model version new searches use")
    public Active get() {
        ActiveModel model = active.current();
        return new Active(model.baseModelId(), model.version(), model.collection(), model.since());
    }
}
