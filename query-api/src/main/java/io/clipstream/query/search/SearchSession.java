package io.clipstream.query.search;

import io.clipstream.query.version.ActiveModel;
import io.clipstream.store.filter.Filter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A search as later pages and clicks see it: the model version it was pinned to, its query vector in that
 * version's space, its filter, and which image was shown at which absolute rank.
 *
 * @param query the query without uploaded bytes
 */
public record SearchSession(String searchId, SearchQuery query, Map<String, Object> rawFilter, Filter filter,
                            ActiveModel model, float[] vector, Map<Integer, String> shownByRank) {

    public SearchSession {
        shownByRank = new ConcurrentHashMap<>(shownByRank);
    }

    /** Approximate heap bytes, for the sessions cache's weight bound. */
    int weight() {
        int terms = query instanceof SearchQuery.Weighted weighted ? 128 * weighted.terms().size() : 0;
        return 256 + terms + 4 * vector.length + 96 * shownByRank.size();
    }
}
