package io.clipstream.query.search;

/** A search id this replica does not remember: never issued, expired or evicted. */
public class UnknownSearchException extends RuntimeException {

    private final String searchId;

    public UnknownSearchException(String searchId, String message) {
        super(message);
        this.searchId = searchId;
    }

    public String searchId() {
        return searchId;
    }
}
