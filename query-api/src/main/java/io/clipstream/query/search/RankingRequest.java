package io.clipstream.query.search;

/**
 * How a request asks to rank; null weights take the configured defaults.
 *
 * @param vectorWeight weight of the vector ranking in a hybrid search
 * @param keywordWeight weight of the keyword ranking in a hybrid search
 */
public record RankingRequest(SearchMode mode, Double vectorWeight, Double keywordWeight) {

    public static final RankingRequest VECTOR = new RankingRequest(SearchMode.VECTOR, null, null);
}
