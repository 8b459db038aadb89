package io.clipstream.query.search;

import io.clipstream.query.version.ActiveModel;
import java.util.List;

/** One page of a search, with the model version that produced it and where the time went. */
public record SearchPage(String searchId, SearchQuery query, ActiveModel model, int k, int offset, boolean hasMore,
                         List<Hit> hits, long encodeNanos, long searchNanos, SearchMode mode) {

    public SearchPage(String searchId, SearchQuery query, ActiveModel model, int k, int offset, boolean hasMore,
                      List<Hit> hits, long encodeNanos, long searchNanos) {
        this(searchId, query, model, k, offset, hasMore, hits, encodeNanos, searchNanos, SearchMode.VECTOR);
    }

    public int page() {
        return offset / k + 1;
    }
}
