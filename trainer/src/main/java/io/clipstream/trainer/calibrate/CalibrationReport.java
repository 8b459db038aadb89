package io.clipstream.trainer.calibrate;

import io.clipstream.model.calibration.RelevanceCalibration;
import java.util.List;

/**
 * What fitting the relevance cut-off found, published or not.
 *
 * @param calibration       the fitted calibration (also when the gate refused it)
 * @param clickNoise        the fitted share of examined irrelevant results that get clicked
 * @param calibrationError  expected calibration error on the held-out searches: over ten probability bins, the
 *                          share-weighted gap between the mean predicted P(relevant) and the estimated relevance
 * @param kept              the calibration's cut-off at its auto probability, on the held-out searches
 * @param fixedThreshold    the raw score threshold chosen on the fitting searches to keep as much (estimated
 *                          recall) as the calibration does there
 * @param fixed             that threshold on the held-out searches
 */
public record CalibrationReport(int fitSearches, int heldOutSearches, int heldOutClicks,
                                RelevanceCalibration calibration, double clickNoise, double calibrationError, KeptResults kept,
                                double fixedThreshold, KeptResults fixed, boolean publish, List<String> reasons) {
}
