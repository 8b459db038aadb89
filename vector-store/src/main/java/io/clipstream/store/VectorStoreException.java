package io.clipstream.store;

import java.util.Objects;

/**
 * A store call that did not succeed, with the {@link Kind} of failure. Callers retry only the retryable kinds (the
 * store is out of reach, not serving, or slow), and never a refusal: the store would refuse the same request again.
 */
public class VectorStoreException extends RuntimeException {

    /** Why a store call failed. Each adapter maps its own errors onto these; see its classification. */
    public enum Kind {
        /** The store could not be reached or the connection broke: refused, reset, closed. */
        TRANSPORT(true),
        /** The store answered that it does not serve now: starting, overloaded, over a quota, not authorised. */
        UNAVAILABLE(true),
        /** No answer within the call's deadline. */
        TIMEOUT(true),
        /**
         * The store refuses this request and will refuse it again: a vector of the wrong dimension, a value it does
         * not accept, a record too large, a collection that does not exist.
         */
        REFUSED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;

    public VectorStoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A request the store will refuse again. */
    public static VectorStoreException refused(String message, Throwable cause) {
        return new VectorStoreException(Kind.REFUSED, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** True for outages (transport, unavailable, timeout), which are worth retrying with backoff. */
    public boolean retryable() {
        return kind.retryable();
    }
}
