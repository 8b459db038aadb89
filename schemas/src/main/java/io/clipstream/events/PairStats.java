package io.clipstream.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Value of a training.pair-stats record (schemas/pair-stats.schema.json, compacted), keyed by
 * {@code <queryText>\t<imageId>}: everything clicked for one (query, image) pair so far.
 *
 * @param clicks accepted clicks, repeated clicks in the same search included
 * @param searches distinct searches with a click on this image
 * @param weight sum of the position-debiased weights of the first click of each search
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PairStats(
        String queryText,
        String imageId,
        long clicks,
        long searches,
        double weight,
        Instant firstClick,
        Instant lastClick) {
}
