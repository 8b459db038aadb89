package io.clipstream.query.search;

import io.clipstream.events.DuplicateTier;
import java.util.Map;

/**
 * A validated search: either a new query or the continuation of {@code searchId} (then {@code query} may be null
 * and the earlier search's query, version and filter apply).
 *
 * @param ranking how to rank; null: by vector for a new search, as before for a continued one
 * @param collapse show only the best-ranked member of each duplicate group of this tier (exact or near); null:
 *                 none for a new search, as before for a continued one
 */
public record SearchRequest(SearchQuery query, Map<String, Object> filter, int k, int offset, String searchId,
                            RankingRequest ranking, DuplicateTier collapse) {

    /** A request that collapses no duplicates. */
    public SearchRequest(SearchQuery query, Map<String, Object> filter, int k, int offset, String searchId,
                         RankingRequest ranking) {
        this(query, filter, k, offset, searchId, ranking, null);
    }

    /** A request that leaves the ranking at its default. */
    public SearchRequest(SearchQuery query, Map<String, Object> filter, int k, int offset, String searchId) {
        this(query, filter, k, offset, searchId, null);
    }
}
