package io.clipstream.query.search;

import io.clipstream.events.DuplicateTier;
import java.util.Optional;

/** Which duplicate group of a tier an image belongs to, as the indexer's duplicates stage last said. */
public interface DuplicateGroups {

    /** The group id of {@code imageId} in {@code tier} (near groups hold the exact ones); empty when in none. */
    Optional<String> groupOf(String imageId, DuplicateTier tier);
}
