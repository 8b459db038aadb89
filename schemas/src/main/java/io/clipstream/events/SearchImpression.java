package io.clipstream.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Value of a search.impressions record (schemas/search-impression.schema.json), keyed by search id.
 *
 * @param queryText the text prompt of a text search; for a weighted query ({@code terms} set) the text its clicks
 *                  train on: its positive text terms joined by spaces, absent when it has none or its image terms
 *                  outweigh them (see docs/architecture.md, "Weighted queries")
 * @param terms the terms of a weighted query with their weights; absent for a plain search (and in every
 *              impression written before weighted queries existed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchImpression(
        String searchId,
        String queryText,
        String queryImageId,
        String queryImageUpload,
        List<Term> terms,
        Map<String, Object> filter,
        String baseModelId,
        int modelVersion,
        String collection,
        int page,
        int offset,
        int k,
        List<Shown> shown,
        Instant time) {

    /** A plain search (text, indexed image or upload): no terms. */
    public SearchImpression(String searchId, String queryText, String queryImageId, String queryImageUpload,
                            Map<String, Object> filter, String baseModelId, int modelVersion, String collection,
                            int page, int offset, int k, List<Shown> shown, Instant time) {
        this(searchId, queryText, queryImageId, queryImageUpload, null, filter, baseModelId, modelVersion,
                collection, page, offset, k, shown, time);
    }

    /** One hit of the page: the image, its absolute rank and its score. */
    public record Shown(String imageId, int rank, double score) {
    }

    /**
     * One term of a weighted query: exactly one of a text, an indexed image or an upload's SHA-256, and its weight
     * (negative: away from it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Term(String text, String imageId, String imageUpload, double weight) {
    }
}
