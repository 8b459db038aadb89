package io.clipstream.trainer.calibrate;

import io.clipstream.model.calibration.RelevanceCalibration;
import io.clipstream.model.calibration.ScoreContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Fits the relevance cut-off of one version and gates it, with no I/O: the searches are split by time (the latest
 * {@code heldOutFraction} held out), the calibration is fitted on the rest ({@link CalibrationFitter}), and a
 * fixed score threshold is chosen on the same fitting searches to keep as much as the calibration keeps there. The
 * auto probability is the one at which the fitting searches keep {@code targetRecall} of their relevant results:
 * relevant results are rare among a long list's tail, so even a good calibration seldom says more than 0.5.
 * Published only when, on the held-out searches, the calibration's kept results are more precise than the fixed
 * threshold's by {@code minMargin}, reach {@code minRecall}, there is enough held-out evidence, and the probability
 * rises with the score.
 */
public final class CalibrationJob {

    private static final int BINS = 10;

    private final CalibrationSettings settings;

    public CalibrationJob(CalibrationSettings settings) {
        this.settings = settings;
    }

    public CalibrationReport run(List<ScoredSearch> searches) {
        List<ScoredSearch> byTime = new ArrayList<>(searches.stream().filter(s -> s.size() > 0).toList());
        byTime.sort(Comparator.comparing(ScoredSearch::time));
        int heldOutCount = (int) Math.round(byTime.size() * settings.heldOutFraction());
        List<ScoredSearch> fit = byTime.subList(0, byTime.size() - heldOutCount);
        List<ScoredSearch> heldOut = byTime.subList(byTime.size() - heldOutCount, byTime.size());
        int heldOutClicks = 0;
        for (ScoredSearch s : heldOut) {
            for (boolean c : s.clicked()) {
                heldOutClicks += c ? 1 : 0;
            }
        }
        List<String> reasons = new ArrayList<>();
        if (fit.isEmpty() || fit.stream().noneMatch(ScoredSearch::anyClick)) {
            reasons.add("FAIL: no clicked searches to fit a calibration to");
            return new CalibrationReport(fit.size(), heldOut.size(), heldOutClicks, null, Double.NaN, Double.NaN, null,
                    Double.NaN, null, false, reasons);
        }
        CalibrationFitter.Fit fitted = CalibrationFitter.fit(fit, settings);
        double noise;
        CalibrationFitter.Rows fitRows = CalibrationFitter.Rows.of(fit, settings.depth(), settings.propensityEta());
        CalibrationFitter.Rows testRows = CalibrationFitter.Rows.of(heldOut, settings.depth(),
                settings.propensityEta());
        double[] fitP = probabilities(fitted.calibration(), fit);
        noise = tailClickRate(fitRows, fitP);
        double tau = Math.min(0.99, Math.max(1e-4, thresholdAtRecall(fitRows, noise, fitP,
                settings.targetRecall())));
        RelevanceCalibration calibration = new RelevanceCalibration(settings.depth(),
                fitted.calibration().weights(), fitted.calibration().intercept(), tau);
        double[] testP = probabilities(calibration, heldOut);
        KeptResults fitKept = KeptResults.of(fitRows, noise, i -> fitP[i] >= tau);
        double threshold = thresholdAtRecall(fitRows, noise, scores(fitRows), fitKept.recall());
        KeptResults kept = KeptResults.of(testRows, noise, i -> testP[i] >= tau);
        KeptResults fixed = KeptResults.of(testRows, noise, i -> score(testRows, i) >= threshold);
        double ece = calibrationError(testRows, noise, testP);

        boolean publish = true;
        boolean enoughSearches = heldOut.size() >= settings.minHeldOutSearches();
        publish &= enoughSearches;
        reasons.add(verdict(enoughSearches) + "held-out searches " + heldOut.size() + (enoughSearches ? " ≥ " : " < ")
                + settings.minHeldOutSearches());
        boolean enoughClicks = heldOutClicks >= settings.minHeldOutClicks();
        publish &= enoughClicks;
        reasons.add(verdict(enoughClicks) + "held-out clicks " + heldOutClicks + (enoughClicks ? " ≥ " : " < ")
                + settings.minHeldOutClicks());
        boolean rising = calibration.scoreSlope() > 0;
        publish &= rising;
        reasons.add(verdict(rising) + String.format(Locale.ROOT, "P(relevant) %s with the score (logit slope %.3f)",
                rising ? "rises" : "does not rise", calibration.scoreSlope()));
        boolean recalled = kept.recall() >= settings.minRecall();
        publish &= recalled;
        reasons.add(verdict(recalled) + String.format(Locale.ROOT,
                "held-out recall of kept results %.3f at P ≥ %.4f (auto: %.2f estimated recall on the fitting searches) %s %.2f", kept.recall(), tau,
                settings.targetRecall(), recalled ? "≥" : "<", settings.minRecall()));
        double margin = kept.precision() - fixed.precision();
        boolean better = margin >= settings.minMargin();
        publish &= better;
        reasons.add(verdict(better) + String.format(Locale.ROOT,
                "held-out precision of kept results %.3f vs %.3f of the fixed score threshold %.4f chosen on the "
                        + "fitting searches at the same recall (%+.3f %s %+.3f)", kept.precision(), fixed.precision(),
                threshold, margin, better ? "≥" : "<", settings.minMargin()));
        reasons.add(String.format(Locale.ROOT, "held-out calibration error %.3f; click noise %.4f", ece, noise));
        return new CalibrationReport(fit.size(), heldOut.size(), heldOutClicks, calibration, noise, ece, kept,
                threshold, fixed, publish, reasons);
    }

    private double[] probabilities(RelevanceCalibration calibration, List<ScoredSearch> searches) {
        List<Double> out = new ArrayList<>();
        for (ScoredSearch search : searches) {
            ScoreContext context = search.context(settings.depth());
            for (double score : search.scores()) {
                out.add(calibration.probability(score, context));
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The click noise, measured where the calibration sees almost no relevance: the clicks per examination among
     * the lower half of the fitting results by probability. The fitted noise cannot tell itself apart from a low
     * probability floor; this can, and it keeps the deep list's rare clicks, weighted up by inverse propensity,
     * from passing for relevant results in the recall estimates.
     */
    static double tailClickRate(CalibrationFitter.Rows rows, double[] p) {
        double[] sorted = p.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        double clicks = 0;
        double examined = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (p[i] <= median) {
                clicks += rows.clicked()[i] ? 1 : 0;
                examined += rows.examination()[i];
            }
        }
        return examined == 0 ? 0 : Math.min(0.5, clicks / examined);
    }

    private static double score(CalibrationFitter.Rows rows, int i) {
        return rows.x()[i][0];
    }

    private static double[] scores(CalibrationFitter.Rows rows) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = score(rows, i);
        }
        return out;
    }

    /** The highest threshold on {@code value} whose estimated recall on {@code rows} reaches {@code recall}. */
    static double thresholdAtRecall(CalibrationFitter.Rows rows, double noise, double[] value, double recall) {
        Integer[] order = new Integer[rows.size()];
        double total = 0;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            total += rows.relevance(i, noise);
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -value[i]));
        if (total == 0 || Double.isNaN(recall) || order.length == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double kept = 0;
        for (Integer i : order) {
            kept += rows.relevance(i, noise);
            if (kept / total >= recall - 1e-12) {
                return value[i];
            }
        }
        return value[order[order.length - 1]];
    }

    /** Share-weighted gap between mean predicted probability and estimated relevance over ten bins. */
    static double calibrationError(CalibrationFitter.Rows rows, double noise, double[] p) {
        double[] predicted = new double[BINS];
        double[] observed = new double[BINS];
        int[] count = new int[BINS];
        for (int i = 0; i < rows.size(); i++) {
            int bin = Math.min(BINS - 1, (int) (p[i] * BINS));
            predicted[bin] += p[i];
            observed[bin] += rows.relevance(i, noise);
            count[bin]++;
        }
        double error = 0;
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                error += Math.abs(predicted[b] - observed[b]) / rows.size();
            }
        }
        return rows.size() == 0 ? Double.NaN : error;
    }

    private static String verdict(boolean pass) {
        return pass ? "pass: " : "FAIL: ";
    }
}
