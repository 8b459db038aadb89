package io.clipstream.trainer.job;

import io.clipstream.events.ClickPair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Splits clicks by time: the most recent share is the test split, the share before it validation, the rest train.
 * Evaluating on later clicks than those trained on is what the published model faces: tomorrow's searches.
 */
record ClickSplit(List<ClickPair> train, List<ClickPair> validation, List<ClickPair> test) {

    /** Ties in click time are broken by search and click id, so the split is reproducible. */
    static final Comparator<ClickPair> BY_CLICK_TIME = Comparator.comparing(ClickPair::clickTime)
            .thenComparing(p -> Objects.toString(p.searchId(), ""))
            .thenComparing(p -> Objects.toString(p.clickId(), ""))
            .thenComparing(ClickPair::imageId);

    static ClickSplit byClickTime(List<ClickPair> pairs, double testFraction, double validationFraction) {
        List<ClickPair> sorted = new ArrayList<>(pairs);
        sorted.sort(BY_CLICK_TIME);
        int n = sorted.size();
        int test = (int) Math.round(n * testFraction);
        int validation = (int) Math.round(n * validationFraction);
        int train = Math.max(0, n - test - validation);
        return new ClickSplit(List.copyOf(sorted.subList(0, train)),
                List.copyOf(sorted.subList(train, Math.min(n, train + validation))),
                List.copyOf(sorted.subList(Math.min(n, train + validation), n)));
    }
}
