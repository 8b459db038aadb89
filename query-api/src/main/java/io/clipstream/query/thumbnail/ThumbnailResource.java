package io.clipstream.query.thumbnail;

import io.clipstream.events.EventSchemas;
import io.clipstream.query.api.problem.ApiProblem;
import io.clipstream.query.api.problem.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Thumbnails of images that a browser cannot load from their url (inline uploads, file: urls), from this
 * replica's view of the thumbnails topic. Image ids may contain slashes: the path parameter takes them.
 */
@Path("/v1/images/{imageId: .+}/thumbnail")
public class ThumbnailResource {

    static final String JPEG = "image/jpeg";
    static final String CACHE_CONTROL = "public, max-age=86400";
    static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    ThumbnailStore store;

    @GET
    @Produces({JPEG, Problem.MEDIA_TYPE})
    @Operation(summary = "The JPEG thumbnail of an image (longer side at most 256 px by default)")
    @APIResponse(responseCode = "200", description = "The thumbnail, with an ETag")
    @APIResponse(responseCode = "304", description = "If-None-Match matched the current ETag")
    @APIResponse(responseCode = "400", description = "Not a valid image id")
    @APIResponse(responseCode = "404", description = "No thumbnail for this image (unknown, deleted, or shown from "
            + "its http(s) url)")
    @APIResponse(responseCode = "503", description = "This replica is still loading the thumbnails; retry later")
    public Response thumbnail(@PathParam("imageId") String imageId,
                              @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        List<String> errors = EventSchemas.get().validateImageId(imageId);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("imageId", "not a valid image id: " + String.join("; ", errors));
        }
        return switch (store.find(imageId)) {
            case ThumbnailLookup.Found found -> found(found.jpeg(), ifNoneMatch);
            case ThumbnailLookup.Missing missing -> throw ApiProblem.notFound("imageId",
                    "no thumbnail for image " + imageId);
            case ThumbnailLookup.NotReady notReady -> throw ApiProblem.unavailable(notReady.reason(),
                    RETRY_AFTER_SECONDS);
        };
    }

    private static Response found(byte[] jpeg, String ifNoneMatch) {
        String tag = EntityTags.of(jpeg);
        Response.ResponseBuilder response = EntityTags.matches(ifNoneMatch, tag)
                ? Response.notModified()
                : Response.ok(jpeg, JPEG);
        return response.header(HttpHeaders.ETAG, tag).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }
}
