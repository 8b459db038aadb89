package io.clipstream.query.search;

import io.clipstream.store.keyword.Fusion;

/**
 * How a remembered search ranks, fixed for all its pages.
 *
 * @param keywords the text the keyword ranking searches for; null for a vector search
 * @param fusion how a hybrid search fuses its rankings; null otherwise
 */
public record SessionRanking(SearchMode mode, String keywords, Fusion fusion) {

    public static final SessionRanking VECTOR = new SessionRanking(SearchMode.VECTOR, null, null);
}
