package io.clipstream.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clipstream.query.cutoff.Judged;
import io.clipstream.query.search.Hit;
import io.clipstream.query.search.SearchPage;
import io.clipstream.query.search.SearchQuery;
import io.clipstream.query.version.ActiveModel;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON answer of every search endpoint. */
public record SearchResponse(String searchId, ModelInfo model, Query query, int k, int offset, int page,
                             boolean hasMore, List<Hit> hits, Timings timings,
                             @JsonInclude(JsonInclude.Include.NON_NULL) CutoffInfo cutoff,
                             @Schema(description = "How the hits were ranked: vector (similarity is the cosine), "
                                     + "keyword (similarity is the BM25 score) or hybrid (similarity is the fused "
                                     + "reciprocal-rank score)", enumeration = {"vector", "keyword", "hybrid"})
                             String mode) {

    /** The model version that embedded the query and whose collection was searched. */
    public record ModelInfo(String baseModelId, int version, String collection) {
        static ModelInfo of(ActiveModel model) {
            return new ModelInfo(model.baseModelId(), model.version(), model.collection());
        }
    }

    /** Exactly one field is set: {@code terms} for a weighted query. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Query(String text, String imageId, String imageUpload,
                        @Schema(description = "The terms of a weighted query with their weights, in the order "
                                + "given (a query of one positive term is answered as that plain query)")
                        List<Term> terms) {
    }

    /** One term of a weighted query as searched: exactly one of text, imageId, imageUpload (SHA-256), and weight. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Term(String text, String imageId, String imageUpload, double weight) {
        static Term of(SearchQuery.Term term) {
            return switch (term.what()) {
                case SearchQuery.Text t -> new Term(t.text(), null, null, term.weight());
                case SearchQuery.SimilarTo s -> new Term(null, s.imageId(), null, term.weight());
                case SearchQuery.Upload u -> new Term(null, null, u.sha256(), term.weight());
            };
        }
    }

    /** Milliseconds spent embedding the query (0 when a continued search reused its vector) and searching. */
    public record Timings(double encodeMs, double searchMs) {
    }

    /**
     * The relevance cut-off's verdict on this page; absent when no cut-off was asked for (explicitly or by the
     * configured default).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CutoffInfo(
            @Schema(description = "The cut-off asked for: auto, none or a probability") String requested,
            @Schema(description = "Whether the hits were judged: false when the serving version has no "
                    + "calibration (then every hit is shown and reason says so)") boolean applied,
            @Schema(description = "P(relevant) a hit needed to pass") Double probability,
            @Schema(description = "The model version whose calibration judged the hits") Integer calibratedBy,
            @Schema(description = "Hits of this page that passed: the first 'passed' hits (probability rises with "
                    + "the score)") int passed,
            @Schema(description = "Hits of this page below the cut-off, after the passing ones; when above 0, "
                    + "hasMore is false as no later hit can pass") int weaker,
            String reason) {

        static CutoffInfo of(Judged judged) {
            return new CutoffInfo(judged.requested(), judged.applied(), judged.probability(),
                    judged.calibratedBy(), judged.passed(), judged.weaker(), judged.reason());
        }
    }

    static SearchResponse of(SearchPage page) {
        return of(page, null);
    }

    /** The page as judged by the relevance cut-off ({@code judged} null: none asked for). */
    static SearchResponse of(SearchPage page, Judged judged) {
        Query query = switch (page.query()) {
            case SearchQuery.Text t -> new Query(t.text(), null, null, null);
            case SearchQuery.SimilarTo s -> new Query(null, s.imageId(), null, null);
            case SearchQuery.Upload u -> new Query(null, null, u.sha256(), null);
            case SearchQuery.Weighted w -> new Query(null, null, null, w.terms().stream().map(Term::of).toList());
        };
        List<Hit> hits = page.hits();
        boolean hasMore = page.hasMore();
        if (judged != null && judged.applied()) {
            hits = new ArrayList<>(hits.size());
            for (int i = 0; i < page.hits().size(); i++) {
                hits.add(page.hits().get(i).withProbability(judged.probabilities().get(i)));
            }
            hasMore = hasMore && judged.morePassingPossible();
        }
        return new SearchResponse(page.searchId(), ModelInfo.of(page.model()), query, page.k(), page.offset(),
                page.page(), hasMore, hits, new Timings(page.encodeNanos() / 1e6, page.searchNanos() / 1e6),
                judged == null ? null : CutoffInfo.of(judged), page.mode().apiName());
    }
}
