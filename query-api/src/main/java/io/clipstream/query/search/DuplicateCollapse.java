package io.clipstream.query.search;

import io.clipstream.events.DuplicateTier;
import io.clipstream.store.SearchHit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collapses each duplicate group to its best-ranked member: a hit whose group (of the tier asked for; near groups
 * hold the exact ones) came higher in the ranking is left out. Applied to a ranking from its first hit, so that a
 * group shown on one page never shows again on a later one.
 */
final class DuplicateCollapse {

    private DuplicateCollapse() {
    }

    static List<SearchHit> collapse(List<SearchHit> ranked, DuplicateTier tier, DuplicateGroups groups) {
        Set<String> shown = new HashSet<>();
        List<SearchHit> kept = new ArrayList<>(ranked.size());
        for (SearchHit hit : ranked) {
            if (shown.add(groups.groupOf(hit.id(), tier).orElse(hit.id()))) {
                kept.add(hit);
            }
        }
        return kept;
    }
}
