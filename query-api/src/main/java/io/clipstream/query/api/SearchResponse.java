package io.clipstream.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clipstream.query.search.Hit;
import io.clipstream.query.search.SearchPage;
import io.clipstream.query.search.SearchQuery;
import io.clipstream.query.version.ActiveModel;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON answer of every search endpoint. */
public record SearchResponse(String searchId, ModelInfo model, Query query, int k, int offset, int page,
                             boolean hasMore, List<Hit> hits, Timings timings,
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

    static SearchResponse of(SearchPage page) {
        Query query = switch (page.query()) {
            case SearchQuery.Text t -> new Query(t.text(), null, null, null);
            case SearchQuery.SimilarTo s -> new Query(null, s.imageId(), null, null);
            case SearchQuery.Upload u -> new Query(null, null, u.sha256(), null);
            case SearchQuery.Weighted w -> new Query(null, null, null, w.terms().stream().map(Term::of).toList());
        };
        return new SearchResponse(page.searchId(), ModelInfo.of(page.model()), query, page.k(), page.offset(),
                page.page(), page.hasMore(), page.hits(),
                new Timings(page.encodeNanos() / 1e6, page.searchNanos() / 1e6), page.mode().apiName());
    }
}
