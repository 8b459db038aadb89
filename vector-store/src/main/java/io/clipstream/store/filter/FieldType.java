package io.clipstream.store.filter;

/** The value type of a filterable field; it decides which operators and literals a filter may use. */
public enum FieldType {
    STRING,
    NUMBER,
    BOOLEAN,
    /** Epoch milliseconds; filters give it as an {@link java.time.Instant}. */
    TIME
}
