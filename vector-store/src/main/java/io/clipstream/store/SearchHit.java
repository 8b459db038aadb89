package io.clipstream.store;

import java.util.Map;

/** A search result: the stored fields of the image and its similarity (cosine for unit vectors). */
public record SearchHit(String id, double similarity, String url, String contentType, Map<String, Object> metadata,
                        long eventTimeMs) {
}
