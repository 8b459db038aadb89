package io.clipstream.query.search;

import java.util.Map;

/**
 * A validated search: either a new query or the continuation of {@code searchId} (then {@code query} may be null
 * and the earlier search's query, version and filter apply).
 *
 * @param ranking how to rank; null: by vector for a new search, as before for a continued one
 */
public record SearchRequest(SearchQuery query, Map<String, Object> filter, int k, int offset, String searchId,
                            RankingRequest ranking) {

    /** A request that leaves the ranking at its default. */
    public SearchRequest(SearchQuery query, Map<String, Object> filter, int k, int offset, String searchId) {
        this(query, filter, k, offset, searchId, null);
    }
}
