package io.clipstream.query.search;

import io.clipstream.query.config.QueryConfig;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorStore;
import io.clipstream.store.keyword.Fusion;
import io.clipstream.store.keyword.KeywordSearchUnsupportedException;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyword and hybrid side of a search: which text a query's keyword ranking searches for, and the store call of
 * each mode. Keyword and hybrid searches need the store's keyword capability on the searched collection; without
 * it they fail with {@link KeywordSearchUnsupportedException}, never falling back to a vector ranking.
 */
public final class KeywordRanker {

    private final VectorStore store;
    private final QueryConfig.Search settings;

    public KeywordRanker(VectorStore store, QueryConfig.Search settings) {
        this.store = store;
        this.settings = settings;
    }

    /**
     * The ranking of a new search. The keywords are the query's text; for a weighted query, its positive text terms
     * (a negative term cannot exclude a word from BM25's "any word" match, so it steers the vector ranking only).
     */
    public SessionRanking forQuery(RankingRequest request, SearchQuery query) {
        if (request == null || request.mode() == SearchMode.VECTOR) {
            return SessionRanking.VECTOR;
        }
        String keywords = keywords(query);
        if (keywords.isBlank()) {
            throw new InvalidModeException("mode", "mode " + request.mode().apiName() + " needs a text query: "
                    + "keyword ranking searches the text of the query (its positive text terms)");
        }
        Fusion fusion = null;
        if (request.mode() == SearchMode.HYBRID) {
            double vectorWeight = request.vectorWeight() == null ? settings.hybridVectorWeight()
                    : request.vectorWeight();
            double keywordWeight = request.keywordWeight() == null ? settings.hybridKeywordWeight()
                    : request.keywordWeight();
            if (vectorWeight + keywordWeight == 0) {
                throw new InvalidModeException("keywordWeight", "vectorWeight and keywordWeight must not both be 0");
            }
            fusion = new Fusion(settings.rrfK(), vectorWeight, keywordWeight, settings.hybridDepth());
        }
        return new SessionRanking(request.mode(), keywords, fusion);
    }

    private static String keywords(SearchQuery query) {
        return switch (query) {
            case SearchQuery.Text t -> t.text();
            case SearchQuery.Weighted w -> {
                List<String> texts = new ArrayList<>();
                for (SearchQuery.Term term : w.terms()) {
                    if (term.weight() > 0 && term.what() instanceof SearchQuery.Text t) {
                        texts.add(t.text());
                    }
                }
                yield String.join(" ", texts);
            }
            case SearchQuery.SimilarTo s -> "";
            case SearchQuery.Upload u -> "";
        };
    }

    /** Hits {@code offset + 1} to {@code offset + limit} of the session's ranking. */
    public List<SearchHit> rank(SearchSession session, int limit, int offset) {
        String collection = session.model().collection();
        SessionRanking ranking = session.ranking();
        return switch (ranking.mode()) {
            case VECTOR -> store.search(collection, session.vector(), limit, offset, session.filter());
            case KEYWORD -> {
                requireKeywords(collection);
                yield store.keywordSearch(collection, ranking.keywords(), limit, offset, session.filter());
            }
            case HYBRID -> {
                requireKeywords(collection);
                yield store.hybridSearch(collection, session.vector(), ranking.keywords(), ranking.fusion(), limit,
                        offset, session.filter());
            }
        };
    }

    private void requireKeywords(String collection) {
        if (!store.supportsKeywordSearch(collection)) {
            throw new KeywordSearchUnsupportedException(collection, "keyword search is not available on collection "
                    + collection + " (" + store.location() + "): the store has no BM25 full-text search (Milvus "
                    + "before 2.5), or the collection was created before text fields were declared; search with "
                    + "mode=vector, or replay into a new model version on a store that has it");
        }
    }
}
