package io.clipstream.trainer.calibrate;

import io.clipstream.model.calibration.ScoreContext;
import java.time.Instant;
import java.util.Arrays;

/**
 * One logged search as the calibration sees it: for every result it showed, the 0-based rank it was shown at
 * (what the examination propensity depends on), its score under the version being calibrated, and whether it was
 * clicked. The context is made of the scores best first, as the query API makes it from its result list.
 */
public record ScoredSearch(Instant time, int[] shownRanks, double[] scores, boolean[] clicked) {

    public ScoredSearch {
        if (shownRanks.length != scores.length || scores.length != clicked.length) {
            throw new IllegalArgumentException("ranks, scores and clicks must be as many, got " + shownRanks.length
                    + ", " + scores.length + " and " + clicked.length);
        }
    }

    public int size() {
        return scores.length;
    }

    /** The context of these scores at {@code depth}. */
    public ScoreContext context(int depth) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        for (int i = 0, j = sorted.length - 1; i < j; i++, j--) {
            double t = sorted[i];
            sorted[i] = sorted[j];
            sorted[j] = t;
        }
        return ScoreContext.of(sorted, depth);
    }

    public boolean anyClick() {
        for (boolean c : clicked) {
            if (c) {
                return true;
            }
        }
        return false;
    }
}
