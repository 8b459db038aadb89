package io.clipstream.trainer.pairs;

import io.clipstream.events.SearchClick;
import java.util.ArrayList;
import java.util.List;

/** Clicks of one search waiting for the impression that shows their rank (value of the pending store, JSON). */
record PendingClicks(List<Waiting> clicks) {

    /**
     * @param timestamp the click's record (event) time, kept for the pair it may become
     * @param deadlineMs stream time after which it stops waiting
     */
    record Waiting(SearchClick click, long timestamp, long deadlineMs) {
    }

    PendingClicks {
        clicks = clicks == null ? List.of() : List.copyOf(clicks);
    }

    boolean contains(String clickId) {
        return clicks.stream().anyMatch(w -> w.click().clickId().equals(clickId));
    }

    PendingClicks with(Waiting waiting) {
        List<Waiting> all = new ArrayList<>(clicks);
        all.add(waiting);
        return new PendingClicks(all);
    }
}
