package io.clipstream.trainer.pairs;

import io.clipstream.events.ClickPair;
import io.clipstream.events.PairStats;
import java.time.Instant;

/**
 * A click the join accepted (the value repartitioned by query and image, JSON).
 *
 * @param firstInSearch the first click on this image in its search: it counts as a search and carries weight
 * @param weight the click's position weight (counted only for a first click)
 * @param pair the click pair of a first click, only until the repartition (null otherwise)
 */
record AcceptedClick(String queryText, String imageId, boolean firstInSearch, double weight, Instant time,
                     ClickPair pair) {

    static final PairStats NONE_YET = new PairStats(null, null, 0, 0, 0.0, null, null);

    /** Key of the pair statistics: the normalised query (no tabs left) and the image id (no control characters). */
    String statsKey() {
        return queryText + '\t' + imageId;
    }

    AcceptedClick withoutPair() {
        return new AcceptedClick(queryText, imageId, firstInSearch, weight, time, null);
    }

    PairStats addTo(PairStats stats) {
        Instant first = stats.firstClick() == null || time.isBefore(stats.firstClick()) ? time : stats.firstClick();
        Instant last = stats.lastClick() == null || time.isAfter(stats.lastClick()) ? time : stats.lastClick();
        return new PairStats(queryText, imageId, stats.clicks() + 1, stats.searches() + (firstInSearch ? 1 : 0),
                stats.weight() + (firstInSearch ? weight : 0.0), first, last);
    }
}
