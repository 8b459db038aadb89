package io.clipstream.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Value of a training.click-pairs record (schemas/click-pair.schema.json), keyed by search id: the first click on
 * one image in one text search, joined with what that search showed.
 *
 * @param queryText the search text, normalised (trimmed, lower case, single spaces)
 * @param rank the clicked image's absolute rank in the search (0 = top)
 * @param negatives images shown above the clicked one and not clicked in that search before it (hard negative
 *                  candidates), best ranked first
 * @param weight the click's position-debiased weight: the clipped inverse of the examination propensity at
 *               {@code rank}
 * @param modelVersion the model version that served the search
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClickPair(
        String searchId,
        String clickId,
        String queryText,
        String imageId,
        int rank,
        List<String> negatives,
        double weight,
        String baseModelId,
        int modelVersion,
        Instant searchTime,
        Instant clickTime) {
}
