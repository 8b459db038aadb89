package io.clipstream.query.search;

import java.util.Locale;

/** How a search ranks: by embedding similarity, by BM25 over the declared text fields, or both fused. */
public enum SearchMode {
    VECTOR,
    KEYWORD,
    HYBRID;

    /** The name in the API: {@code vector}, {@code keyword}, {@code hybrid}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
