package io.clipstream.query.search;

import java.time.Instant;
import java.util.Map;

/**
 * One result: its absolute 1-based rank in the search, similarity score, and where the UI can show it from
 * ({@code thumbnailUrl} is the image url itself for http(s) images, else the API's thumbnail endpoint).
 */
public record Hit(int rank, String imageId, double score, String url, String thumbnailUrl, String contentType,
                  Map<String, Object> metadata, Instant eventTime) {
}
