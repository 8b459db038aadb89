package io.clipstream.events;

/** Machine-readable class of a refused record: the dead-letter-error-class header. */
public enum ErrorClass {
    MISSING_KEY,
    MALFORMED_JSON,
    INVALID_FIELD,
    UNSUPPORTED_FORMAT,
    EMPTY_IMAGE,
    CORRUPT_IMAGE,
    TOO_MANY_PIXELS,
    PAYLOAD_TOO_LARGE,
    FETCH_FAILED,
    FETCH_TIMEOUT,
    FORBIDDEN_URL,
    /** An embeddings-log value that does not decode, or does not fit the collection. */
    MALFORMED_EMBEDDING,
    /** The vector store refused a record for good (not an outage). */
    STORE_REJECTED
}
