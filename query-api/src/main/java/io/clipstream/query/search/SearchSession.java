package io.clipstream.query.search;

import io.clipstream.events.DuplicateTier;
import io.clipstream.query.version.ActiveModel;
import io.clipstream.store.filter.Filter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A search as later pages and clicks see it: the model version it was pinned to, its query vector in that
 * version's space, its filter, and which image was shown at which absolute rank.
 *
 * @param query the query without uploaded bytes
 * @param ranking vector, keyword or hybrid, with the keywords and fusion of the last two
 * @param collapse the duplicate tier collapsed in the ranking, or null
 */
public record SearchSession(String searchId, SearchQuery query, Map<String, Object> rawFilter, Filter filter,
                            ActiveModel model, float[] vector, Map<Integer, String> shownByRank,
                            SessionRanking ranking, DuplicateTier collapse) {

    public SearchSession {
        shownByRank = new ConcurrentHashMap<>(shownByRank);
        ranking = ranking == null ? SessionRanking.VECTOR : ranking;
    }

    /** A search that collapses no duplicates. */
    public SearchSession(String searchId, SearchQuery query, Map<String, Object> rawFilter, Filter filter,
                         ActiveModel model, float[] vector, Map<Integer, String> shownByRank,
                         SessionRanking ranking) {
        this(searchId, query, rawFilter, filter, model, vector, shownByRank, ranking, null);
    }

    /** A search ranked by vector. */
    public SearchSession(String searchId, SearchQuery query, Map<String, Object> rawFilter, Filter filter,
                         ActiveModel model, float[] vector, Map<Integer, String> shownByRank) {
        this(searchId, query, rawFilter, filter, model, vector, shownByRank, SessionRanking.VECTOR);
    }

    /** Approximate heap bytes, for the sessions cache's weight bound. */
    int weight() {
        int terms = query instanceof SearchQuery.Weighted weighted ? 128 * weighted.terms().size() : 0;
        int keywords = ranking.keywords() == null ? 0 : 2 * ranking.keywords().length();
        return 256 + terms + keywords + 4 * vector.length + 96 * shownByRank.size();
    }
}
