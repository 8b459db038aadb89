package io.clipstream.store;

/**
 * A store operation that did not succeed. {@code retryable} separates outages (store down, timeouts), which a
 * caller should retry with backoff, from requests the store will refuse again.
 */
public class VectorStoreException extends RuntimeException {

    private final boolean retryable;

    public VectorStoreException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
