package io.clipstream.trainer.calibrate;

/**
 * How the relevance calibration is fitted and gated.
 *
 * @param depth           how many top scores of a search make its context (the query API's pages are cut from
 *                        the same top list)
 * @param heldOutFraction the most recent searches (by search time) held out for evaluation and the gate
 * @param propensityEta   examination propensity at 0-based rank r is {@code 1 / (r + 1)^eta}: the same as the click
 *                        pairs' (trainer.pairs.propensity-eta)
 * @param l2              ridge penalty on the standardised weights
 * @param targetRecall    {@code cutoff=auto} is the probability at which the fitting searches keep this share of
 *                        their (estimated) relevant results; the gate judges kept results at it
 * @param minMargin       the held-out precision of kept results must beat the fixed score threshold's by this
 * @param minRecall       the held-out (estimated) recall of kept results must reach this
 * @param minHeldOutSearches the gate needs at least this many held-out searches
 * @param minHeldOutClicks   ... and at least this many clicks among them
 */
public record CalibrationSettings(int depth, double heldOutFraction, double propensityEta, double l2,
                                  double targetRecall, double minMargin, double minRecall,
                                  int minHeldOutSearches, int minHeldOutClicks) {

    public CalibrationSettings {
        if (depth < 2) {
            throw new IllegalArgumentException("depth must be at least 2, got " + depth);
        }
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("heldOutFraction must be in (0, 1), got " + heldOutFraction);
        }
        if (!(propensityEta >= 0) || !Double.isFinite(propensityEta) || !(l2 >= 0)) {
            throw new IllegalArgumentException("propensityEta and l2 must be finite and not negative");
        }
        if (!(targetRecall > 0 && targetRecall <= 1)) {
            throw new IllegalArgumentException("targetRecall must be in (0, 1], got " + targetRecall);
        }
    }

    /**
     * Depth 20 (a first page), the latest 30 % of searches held out, eta 1 as the click pairs, auto keeping
     * 90 % of the relevant results, a precision margin of 0.02 over the fixed threshold at the same recall, held-out
     * recall at least 0.8, and
     * 50 held-out searches with 20 clicks at least.
     */
    public static CalibrationSettings defaults() {
        return new CalibrationSettings(20, 0.3, 1.0, 1e-3, 0.9, 0.02, 0.8, 50, 20);
    }

    public CalibrationSettings withPropensityEta(double eta) {
        return new CalibrationSettings(depth, heldOutFraction, eta, l2, targetRecall, minMargin, minRecall,
                minHeldOutSearches, minHeldOutClicks);
    }

    public CalibrationSettings withMinMargin(double margin) {
        return new CalibrationSettings(depth, heldOutFraction, propensityEta, l2, targetRecall, margin, minRecall,
                minHeldOutSearches, minHeldOutClicks);
    }
}
