package io.clipstream.store.keyword;

/**
 * A keyword or hybrid search on a collection that has no keyword index: the store cannot rank text (Milvus before
 * 2.5), or the collection was created without text fields. Never answered by a vector-only ranking instead.
 */
public class KeywordSearchUnsupportedException extends RuntimeException {

    private final String collection;

    public KeywordSearchUnsupportedException(String collection, String message) {
        super(message);
        this.collection = collection;
    }

    public String collection() {
        return collection;
    }
}
