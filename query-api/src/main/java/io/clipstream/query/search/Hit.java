package io.clipstream.query.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One result: its absolute 1-based rank in the search, similarity score, and where the UI can show it from
 * ({@code thumbnailUrl} is the image url itself for http(s) images, else the API's thumbnail endpoint).
 *
 * @param probability P(relevant) by the serving version's calibration when a cut-off judged the page, else null
 */
public record Hit(int rank, String imageId, double score, String url, String thumbnailUrl, String contentType,
                  Map<String, Object> metadata, Instant eventTime,
                  @JsonInclude(JsonInclude.Include.NON_NULL) Double probability) {

    public Hit(int rank, String imageId, double score, String url, String thumbnailUrl, String contentType,
               Map<String, Object> metadata, Instant eventTime) {
        this(rank, imageId, score, url, thumbnailUrl, contentType, metadata, eventTime, null);
    }

    public Hit withProbability(double p) {
        return new Hit(rank, imageId, score, url, thumbnailUrl, contentType, metadata, eventTime, p);
    }
}
