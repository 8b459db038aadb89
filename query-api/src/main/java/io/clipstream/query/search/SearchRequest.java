package io.clipstream.query.search;

import java.util.Map;

/**
 * A validated search: either a new query or the continuation of {@code searchId} (then {@code query} may be null
 * and the earlier search's query, version and filter apply).
 */
public record SearchRequest(SearchQuery query, Map<String, Object> filter, int k, int offset, String searchId) {
}
