package io.clipstream.query.api;

import io.clipstream.query.search.SearchQuery;
import io.clipstream.query.search.SearchRequest;
import io.clipstream.query.search.SearchService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Text to image search. */
@Path("/v1")
@Tag(name = "search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    @Inject
    SearchService search;

    @Inject
    RequestChecks checks;

    /** The body of POST /v1/search. */
    public record Body(String text, Integer k, Integer offset, String searchId, Map<String, Object> filter) {
    }

    @GET
    @Path("/search")
    @Operation(summary = "Search images by a text prompt",
            description = "Pass the searchId of an earlier answer to get its next pages: same query, model version "
                    + "and filter, ranks continue.")
    public SearchResponse get(
            @Parameter(description = "Text prompt (required unless searchId continues a search)") @QueryParam("q")
            String q,
            @Parameter(description = "Hits per page, 1..max-k (default 20)") @QueryParam("k") String k,
            @Parameter(description = "Hits to skip") @QueryParam("offset") String offset,
            @Parameter(description = "Continue this search") @QueryParam("searchId") String searchId,
            @Parameter(description = "Filter as a JSON object, e.g. {\"year\":{\"gte\":2020}}")
            @QueryParam("filter") String filter) throws InterruptedException {
        return run("q", q, checks.intParam("k", k), checks.intParam("offset", offset), searchId,
                checks.filterParam(filter));
    }

    @POST
    @Path("/search")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search images by a text prompt, with filters")
    public SearchResponse post(Body body) throws InterruptedException {
        Body b = body == null ? new Body(null, null, null, null, null) : body;
        return run("text", b.text(), b.k(), b.offset(), b.searchId(), b.filter());
    }

    private SearchResponse run(String textField, String text, Integer k, Integer offset, String searchId,
                               Map<String, Object> filter) throws InterruptedException {
        String continued = checks.searchId(searchId);
        SearchQuery query = continued != null && (text == null || text.isBlank()) ? null
                : new SearchQuery.Text(checks.text(textField, text));
        int size = checks.k("k", k);
        return SearchResponse.of(search.search(new SearchRequest(query, filter, size,
                checks.offset("offset", offset, size), continued)));
    }
}
