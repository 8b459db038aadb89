package io.clipstream.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clipstream.query.search.Hit;
import io.clipstream.query.search.SearchPage;
import io.clipstream.query.search.SearchQuery;
import io.clipstream.query.version.ActiveModel;
import java.util.List;

/** The JSON answer of every search endpoint. */
public record SearchResponse(String searchId, ModelInfo model, Query query, int k, int offset, int page,
                             boolean hasMore, List<Hit> hits, Timings timings) {

    /** The model version that embedded the query and whose collection was searched. */
    public record ModelInfo(String baseModelId, int version, String collection) {
        static ModelInfo of(ActiveModel model) {
            return new ModelInfo(model.baseModelId(), model.version(), model.collection());
        }
    }

    /** Exactly one field is set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Query(String text, String imageId, String imageUpload) {
    }

    /** Milliseconds spent embedding the query (0 when a continued search reused its vector) and searching. */
    public record Timings(double encodeMs, double searchMs) {
    }

    static SearchResponse of(SearchPage page) {
        Query query = switch (page.query()) {
            case SearchQuery.Text t -> new Query(t.text(), null, null);
            case SearchQuery.SimilarTo s -> new Query(null, s.imageId(), null);
            case SearchQuery.Upload u -> new Query(null, null, u.sha256());
        };
        return new SearchResponse(page.searchId(), ModelInfo.of(page.model()), query, page.k(), page.offset(),
                page.page(), page.hasMore(), page.hits(),
                new Timings(page.encodeNanos() / 1e6, page.searchNanos() / 1e6));
    }
}
