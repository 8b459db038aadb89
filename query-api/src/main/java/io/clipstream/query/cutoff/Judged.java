package io.clipstream.query.cutoff;

import java.util.List;

/**
 * The relevance cut-off's verdict on one page.
 *
 * @param requested      the cut-off asked for (the configured default when the request named none)
 * @param applied        whether hits were judged; false when the serving version has no calibration or none was
 *                       asked for
 * @param probability    the probability a hit needed to pass; null when not applied
 * @param calibratedBy   the model version whose calibration judged; null when not applied
 * @param passed         hits of the page that passed (all of them when not applied)
 * @param weaker         hits of the page below the cut-off
 * @param reason         why it was not applied; null when it was
 * @param probabilities  P(relevant) of each hit of the page, in page order; empty when not applied
 */
public record Judged(String requested, boolean applied, Double probability, Integer calibratedBy, int passed,
                     int weaker, String reason, List<Double> probabilities) {

    public static Judged notApplied(String requested, int hits, String reason) {
        return new Judged(requested, false, null, null, hits, 0, reason, List.of());
    }

    /** Whether a further page can hold hits that pass: only when every hit of this one passed. */
    public boolean morePassingPossible() {
        return weaker == 0;
    }
}
