package io.clipstream.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Value of a search.impressions record (schemas/search-impression.schema.json), keyed by search id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchImpression(
        String searchId,
        String queryText,
        String queryImageId,
        String queryImageUpload,
        Map<String, Object> filter,
        String baseModelId,
        int modelVersion,
        String collection,
        int page,
        int offset,
        int k,
        List<Shown> shown,
        Instant time) {

    /** One hit of the page: the image, its absolute rank and its score. */
    public record Shown(String imageId, int rank, double score) {
    }
}
