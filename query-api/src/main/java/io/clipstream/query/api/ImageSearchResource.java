package io.clipstream.query.api;

import io.clipstream.query.api.problem.ApiProblem;
import io.clipstream.query.embed.ImageEmbedder;
import io.clipstream.query.search.SearchQuery;
import io.clipstream.query.search.SearchRequest;
import io.clipstream.query.search.SearchService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Image to image search: by an indexed image ("more like this") or by an uploaded image. */
@Path("/v1")
@Tag(name = "search")
@Produces(MediaType.APPLICATION_JSON)
public class ImageSearchResource {

    @Inject
    SearchService search;

    @Inject
    ImageEmbedder images;

    @Inject
    RequestChecks checks;

    /** The JSON body of POST /v1/search/image. */
    public record Body(String image, Integer k, Integer offset, Map<String, Object> filter,
                       @Schema(description = SearchResource.COLLAPSE, enumeration = {"exact", "near"})
                       String collapse) {
    }

    @GET
    @Path("/images/{imageId: .+}/similar")
    @Operation(summary = "More like this: images similar to an indexed image (the image itself is left out)")
    public SearchResponse similar(@PathParam("imageId") String imageId, @QueryParam("k") String k,
                                  @QueryParam("offset") String offset, @QueryParam("searchId") String searchId,
                                  @QueryParam("filter") String filter,
                                  @Parameter(description = SearchResource.COLLAPSE,
                                          schema = @Schema(enumeration = {"exact", "near"}))
                                  @QueryParam("collapse") String collapse) throws InterruptedException {
        SearchQuery query = new SearchQuery.SimilarTo(checks.imageId(imageId));
        int size = checks.k("k", checks.intParam("k", k));
        return SearchResponse.of(search.search(new SearchRequest(query, checks.filterParam(filter), size,
                checks.offset("offset", checks.intParam("offset", offset), size), checks.searchId(searchId), null,
                DuplicatesResource.collapseTier(collapse))));
    }

    @POST
    @Path("/search/image")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Search by an uploaded image (multipart field 'image')")
    public SearchResponse upload(@RestForm("image") FileUpload image, @RestForm("k") String k,
                                 @RestForm("offset") String offset, @RestForm("filter") String filter,
                                 @RestForm("collapse") String collapse) throws InterruptedException {
        if (image == null || image.uploadedFile() == null) {
            throw ApiProblem.invalid("image", "send the image as the multipart form field 'image'");
        }
        byte[] bytes;
        try {
            if (Files.size(image.uploadedFile()) > images.maxBytes()) {
                throw new ApiProblem(413, "invalid-image", "Invalid image", "the image is larger than "
                        + images.maxBytes() + " bytes", "image", null);
            }
            bytes = Files.readAllBytes(image.uploadedFile());
        } catch (IOException e) {
            throw ApiProblem.invalid("image", "the uploaded file could not be read: " + e.getMessage());
        }
        return byBytes(bytes, checks.intParam("k", k), checks.intParam("offset", offset), checks.filterParam(filter),
                collapse);
    }

    @POST
    @Path("/search/image")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search by an image given as base64 in JSON")
    public SearchResponse uploadJson(Body body) throws InterruptedException {
        if (body == null || body.image() == null || body.image().isBlank()) {
            throw ApiProblem.invalid("image", "'image' must hold the image bytes in base64");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(body.image());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("image", "'image' is not valid base64: " + e.getMessage());
        }
        return byBytes(bytes, body.k(), body.offset(), body.filter(), body.collapse());
    }

    private SearchResponse byBytes(byte[] bytes, Integer k, Integer offset, Map<String, Object> filter,
                                   String collapse) throws InterruptedException {
        if (bytes.length == 0) {
            throw ApiProblem.invalid("image", "the image is empty");
        }
        int size = checks.k("k", k);
        SearchQuery query = new SearchQuery.Upload(RequestChecks.sha256(bytes), bytes);
        return SearchResponse.of(search.search(new SearchRequest(query, filter, size,
                checks.offset("offset", offset, size), null, null, DuplicatesResource.collapseTier(collapse))));
    }
}
