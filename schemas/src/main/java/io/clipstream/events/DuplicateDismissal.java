package io.clipstream.events;

import java.time.Instant;
import java.util.List;

/**
 * Value of a record on the compacted images.duplicates.dismissals topic (schemas/duplicate-dismissal.schema.json),
 * keyed by {@code <tier>:<groupId>}: a user said these images are not duplicates of each other in this tier. The
 * duplicates stage reads the topic before anything else, so a replay respects every dismissal.
 */
public record DuplicateDismissal(DuplicateTier tier, String groupId, List<String> members, Instant dismissedTime) {

    public DuplicateDismissal {
        members = List.copyOf(members);
    }

    /** The record key: one dismissal per tier and group id (a later one of the same group replaces it). */
    public String key() {
        return tier.wireName() + ":" + groupId;
    }
}
