package io.clipstream.query.api;

import io.clipstream.query.api.problem.ApiProblem;
import io.clipstream.query.cutoff.Cutoff;
import io.clipstream.query.search.RankingRequest;
import io.clipstream.query.search.SearchPage;
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
import io.clipstream.events.DuplicateTier;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.clipstream.query.api.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Text to image search, plain or weighted (several terms, toward some and away from others). */
@Path("/v1")
@Tag(name = "search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    static final String SYNTAX = "Text prompt in the search syntax (required unless searchId continues a search). "
            + "Plain words are one prompt, as typed: 'red circle', 't-shirt', 'a - b', '10:30' search for exactly "
            + "that. A '+' or '-' at the start of a word, directly before a letter or a double quote, adds a term "
            + "to move toward or away from: one word or a quoted phrase, optionally with ':weight' (a decimal "
            + "number, default 1): 'beach -people +sunset:0.5', 'dog -\"dog on a leash\":2'. At least one term must "
            + "be positive; at most clipstream.search.max-terms (16) terms, weights up to "
            + "clipstream.search.max-term-weight (100). A mistake is a 400 problem with field 'q', the 0-based "
            + "'term' and its 'position' and 'length' in q (code points).";

    static final String COLLAPSE = "Duplicates: 'exact' or 'near' shows only the best-ranked member of each group "
            + "of that tier (near groups hold the exact ones); pages are filled from further down the ranking and a "
            + "group shown on one page does not show again. Same-scene groups are never hidden. A continued search "
            + "keeps its collapse. Default: none.";

    static final String CUTOFF = "Relevance cut-off: 'auto' (the serving version's calibrated choice), 'none', or a "
            + "probability in [0, 1]. Each hit then carries its P(relevant) and the answer's 'cutoff' says how many "
            + "passed; the weaker hits are still returned after them, and hasMore is false once a page has any. "
            + "Where the serving version has no calibration every hit is shown and cutoff.applied is false with a "
            + "reason. Default: clipstream.search.default-cutoff (none).";

    @Inject
    SearchService search;

    @Inject
    RequestChecks checks;

    @Inject
    CutoffParam cutoffs;

    /** The body of POST /v1/search: a literal text or a list of terms. */
    public record Body(
            @Schema(description = "Text prompt, taken literally (no search syntax); or give terms") String text,
            @Schema(description = "Weighted terms instead of text: the query vector is the normalised sum of "
                    + "their weighted embeddings, each in the searched version's space; indexed images named "
                    + "here are left out of the results. At least one weight must be positive.")
            List<TermBody> terms,
            Integer k, Integer offset, String searchId, Map<String, Object> filter,
            @Schema(description = RankingParams.MODE, enumeration = {"vector", "keyword", "hybrid"}) String mode,
            @Schema(description = RankingParams.VECTOR_WEIGHT) Double vectorWeight,
            @Schema(description = RankingParams.KEYWORD_WEIGHT) Double keywordWeight,
            @Schema(description = CUTOFF) String cutoff,
            @Schema(description = COLLAPSE, enumeration = {"exact", "near"}) String collapse) {
    }

    /** One term of POST /v1/search: exactly one of text, imageId and image, with a weight. */
    @Schema(description = "Exactly one of text, imageId (an indexed image) and image (an upload, base64)")
    public record TermBody(
            @Schema(description = "A text prompt") String text,
            @Schema(description = "An indexed image of the searched version") String imageId,
            @Schema(description = "Image bytes in base64 (JPEG, PNG, GIF, WebP, BMP)") String image,
            @Schema(description = "Positive: toward the term; negative: away from it; not 0, absolute value at "
                    + "most clipstream.search.max-term-weight (100). Default 1.") Double weight) {
    }

    @GET
    @Path("/search")
    @APIResponse(responseCode = "200", description = "A page of results",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SearchResponse.class)))
    @APIResponse(responseCode = "400", description = "A mistake in the request: 'field' names it; for a query "
            + "term also 'term', and 'position' and 'length' in q",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "mode=keyword or hybrid where the store or the searched "
            + "collection has no keyword search (field 'mode')",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Operation(summary = "Search images by a text prompt, with weighted and negative terms",
            description = "Pass the searchId of an earlier answer to get its next pages: same query, model version "
                    + "and filter, ranks continue.")
    public SearchResponse get(
            @Parameter(description = SYNTAX) @QueryParam("q") String q,
            @Parameter(description = "Hits per page, 1..max-k (default 20)") @QueryParam("k") String k,
            @Parameter(description = "Hits to skip") @QueryParam("offset") String offset,
            @Parameter(description = "Continue this search") @QueryParam("searchId") String searchId,
            @Parameter(description = "Filter as a JSON object, e.g. {\"year\":{\"gte\":2020}}")
            @QueryParam("filter") String filter,
            @Parameter(description = RankingParams.MODE,
                    schema = @Schema(enumeration = {"vector", "keyword", "hybrid"})) @QueryParam("mode") String mode,
            @Parameter(description = RankingParams.VECTOR_WEIGHT) @QueryParam("vectorWeight") String vectorWeight,
            @Parameter(description = RankingParams.KEYWORD_WEIGHT) @QueryParam("keywordWeight")
            String keywordWeight,
            @Parameter(description = CUTOFF) @QueryParam("cutoff") String cutoff,
            @Parameter(description = COLLAPSE, schema = @Schema(enumeration = {"exact", "near"}))
            @QueryParam("collapse") String collapse) throws InterruptedException {
        String continued = checks.searchId(searchId);
        SearchQuery query = null;
        if (continued == null || (q != null && !q.isBlank())) {
            checks.text("q", q);
            // Positions in problems count from the start of q as sent, so the syntax reads q unstripped.
            query = search.queries().parse(q);
        }
        return run(query, checks.intParam("k", k), checks.intParam("offset", offset), continued,
                checks.filterParam(filter), RankingParams.of(mode, RankingParams.weightParam("vectorWeight",
                        vectorWeight), RankingParams.weightParam("keywordWeight", keywordWeight)), cutoff,
                DuplicatesResource.collapseTier(collapse));
    }

    @POST
    @Path("/search")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "A page of results",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SearchResponse.class)))
    @APIResponse(responseCode = "400", description = "A mistake in the request: 'field' names it, for a term "
            + "'pointer' is its JSON pointer (/terms/2/weight) and 'term' its index",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "mode=keyword or hybrid where the store or the searched "
            + "collection has no keyword search (field 'mode')",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "An image term's imageId is not indexed in the searched "
            + "version, or searchId is unknown",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Operation(summary = "Search images by a text prompt or by weighted terms (texts, indexed images, uploads), "
            + "with filters")
    public SearchResponse post(Body body) throws InterruptedException {
        Body b = body == null ? new Body(null, null, null, null, null, null, null, null, null, null, null) : body;
        String continued = checks.searchId(b.searchId());
        if (b.text() != null && b.terms() != null) {
            throw ApiProblem.invalid("terms", "give either 'text' or 'terms', not both");
        }
        SearchQuery query = null;
        if (b.terms() != null) {
            query = search.queries().list(terms(b.terms()));
        } else if (continued == null || (b.text() != null && !b.text().isBlank())) {
            query = new SearchQuery.Text(checks.text("text", b.text()));
        }
        return run(query, b.k(), b.offset(), continued, b.filter(),
                RankingParams.of(b.mode(), b.vectorWeight(), b.keywordWeight()), b.cutoff(),
                DuplicatesResource.collapseTier(b.collapse()));
    }

    private List<SearchQuery.Term> terms(List<TermBody> body) {
        List<SearchQuery.Term> terms = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            TermBody t = body.get(i);
            int index = i;
            if (t == null || (t.text() != null ? 1 : 0) + (t.imageId() != null ? 1 : 0) + (t.image() != null ? 1 : 0)
                    != 1) {
                throw ApiProblem.invalidTerm(i, null, "term " + (i + 1) + " must have exactly one of 'text', "
                        + "'imageId' and 'image'");
            }
            SearchQuery.Single what;
            if (t.text() != null) {
                what = new SearchQuery.Text(t.text().strip());
            } else if (t.imageId() != null) {
                if (!checks.validImageId(t.imageId())) {
                    throw ApiProblem.invalidTerm(i, "imageId", "'imageId' of term " + (i + 1) + " must be 1 to "
                            + "512 characters without control characters");
                }
                what = new SearchQuery.SimilarTo(t.imageId());
            } else {
                byte[] bytes = checks.base64Image(t.image(), detail -> ApiProblem.invalidTerm(index, "image",
                        "'image' of term " + (index + 1) + " " + detail));
                what = new SearchQuery.Upload(RequestChecks.sha256(bytes), bytes);
            }
            terms.add(new SearchQuery.Term(what, t.weight() == null ? 1 : t.weight(), null));
        }
        return terms;
    }

    private SearchResponse run(SearchQuery query, Integer k, Integer offset, String continued,
                               Map<String, Object> filter, RankingRequest ranking, String cutoff,
                               DuplicateTier collapse) throws InterruptedException {
        int size = checks.k("k", k);
        Cutoff asked = cutoffs.requested(cutoff);
        SearchPage page = search.search(new SearchRequest(query, filter, size, checks.offset("offset", offset, size),
                continued, ranking, collapse));
        return SearchResponse.of(page, asked instanceof Cutoff.None ? null : cutoffs.judge(page, asked));
    }
}
