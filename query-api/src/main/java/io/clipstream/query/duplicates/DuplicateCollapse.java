package io.clipstream.query.duplicates;

import io.clipstream.events.DuplicateTier;
import io.clipstream.query.search.Hit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collapses each duplicate group to its best-ranked member in a page of hits: a hit whose group (of the tier asked
 * for; near groups hold the exact ones) was already shown higher on the page is left out. Ranks stay those of the
 * search, so a collapsed page may hold fewer hits than asked for.
 */
public final class DuplicateCollapse {

    private DuplicateCollapse() {
    }

    public static List<Hit> collapse(List<Hit> hits, DuplicateTier tier, DuplicatesView view) {
        Set<String> shown = new HashSet<>();
        List<Hit> kept = new ArrayList<>(hits.size());
        for (Hit hit : hits) {
            String group = view.groupOf(hit.imageId(), tier).orElse(hit.imageId());
            if (shown.add(group)) {
                kept.add(hit);
            }
        }
        return kept;
    }
}
