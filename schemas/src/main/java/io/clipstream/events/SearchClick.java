package io.clipstream.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Value of a search.clicks record (schemas/search-click.schema.json), keyed by search id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchClick(
        String clickId,
        String searchId,
        String imageId,
        int rank,
        Long dwellMs,
        String baseModelId,
        int modelVersion,
        Instant time) {
}
