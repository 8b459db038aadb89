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
    FORBIDDEN_URL
}
