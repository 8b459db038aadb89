package io.clipstream.store;

import java.util.Map;
import java.util.Objects;

/**
 * One image in a vector collection, keyed by image id.
 *
 * @param url where the image came from; empty for images that arrived inline
 * @param metadata the uploader's metadata: string, number and boolean values
 * @param eventTimeMs the upload's event time, epoch milliseconds
 * @param indexedTimeMs when the vector was written, epoch milliseconds
 */
public record VectorRecord(String id, float[] vector, String url, String contentType, Map<String, Object> metadata,
                           long eventTimeMs, long indexedTimeMs) {

    public VectorRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vector, "vector");
        url = url == null ? "" : url;
        contentType = contentType == null ? "" : contentType;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
