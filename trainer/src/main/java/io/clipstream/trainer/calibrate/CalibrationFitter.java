package io.clipstream.trainer.calibrate;

import io.clipstream.model.calibration.RelevanceCalibration;
import io.clipstream.model.calibration.ScoreContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a {@link RelevanceCalibration} to logged searches with a position-based click model: a result shown at
 * rank r is clicked with probability {@code e(r) * P(relevant)}, where {@code e(r)} is the examination propensity
 * the click pairs are weighted with, plus a little noise: an examined irrelevant result is clicked too, with a
 * probability fitted alongside ({@code e(r) * (noise + (1 - noise) * P(relevant))}). The examination part is known, so maximising the clicks' likelihood fits
 * P(relevant) free of position bias: an unclicked result deep in the list is weak evidence of irrelevance (nobody
 * may have looked), an unclicked top result strong evidence.
 *
 * <p>Full-batch gradient descent (Adam) on standardised features with a small ridge penalty; five weights and
 * an intercept need no library, and the loss is smooth.
 */
public final class CalibrationFitter {

    private static final int ITERATIONS = 1500;
    private static final double LEARNING_RATE = 0.05;

    private CalibrationFitter() {
    }

    /** Rows of a set of searches: features, examination propensity, click. */
    record Rows(double[][] x, double[] examination, boolean[] clicked) {

        static Rows of(List<ScoredSearch> searches, int depth, double eta) {
            List<double[]> x = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            List<Boolean> c = new ArrayList<>();
            for (ScoredSearch search : searches) {
                ScoreContext context = search.context(depth);
                for (int i = 0; i < search.size(); i++) {
                    x.add(RelevanceCalibration.features(search.scores()[i], context));
                    e.add(CalibrationFitter.examination(search.shownRanks()[i], eta));
                    c.add(search.clicked()[i]);
                }
            }
            double[] examination = new double[e.size()];
            boolean[] clicked = new boolean[c.size()];
            for (int i = 0; i < examination.length; i++) {
                examination[i] = e.get(i);
                clicked[i] = c.get(i);
            }
            return new Rows(x.toArray(double[][]::new), examination, clicked);
        }

        int size() {
            return x.length;
        }

        /**
         * Row {@code i}'s relevance estimated by inverse propensity, less the click noise: under the click model its
         * expectation is P(relevant).
         */
        double relevance(int i, double noise) {
            return ((clicked[i] ? 1 / examination[i] : 0) - noise) / (1 - noise);
        }
    }

    /** A fitted calibration and the click noise fitted with it (clicks on examined irrelevant results). */
    public record Fit(RelevanceCalibration calibration, double noise) {
    }

    static double examination(int rank, double eta) {
        return 1.0 / Math.pow(rank + 1.0, eta);
    }

    /** The fitted calibration, its auto probability still a placeholder (the job chooses it). */
    public static Fit fit(List<ScoredSearch> searches, CalibrationSettings settings) {
        Rows rows = Rows.of(searches, settings.depth(), settings.propensityEta());
        int n = rows.size();
        int d = RelevanceCalibration.FEATURES.size();
        if (n == 0) {
            throw new IllegalArgumentException("no shown results to fit a calibration to");
        }
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : rows.x()) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : rows.x()) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = scale[j] > 1e-18 ? Math.sqrt(scale[j]) : 1;
        }
        // Parameters: d standardised weights, the intercept, then the logit of the click noise.
        int params = d + 2;
        double[] w = new double[params];
        w[d + 1] = -4;
        double[] m = new double[params];
        double[] v = new double[params];
        double[] grad = new double[params];
        double[] z = new double[d];
        for (int t = 1; t <= ITERATIONS; t++) {
            java.util.Arrays.fill(grad, 0);
            for (int i = 0; i < n; i++) {
                double logit = w[d];
                for (int j = 0; j < d; j++) {
                    z[j] = (rows.x()[i][j] - mean[j]) / scale[j];
                    logit += w[j] * z[j];
                }
                double p = sigmoid(logit);
                double noise = sigmoid(w[d + 1]);
                double e = rows.examination()[i];
                double q = noise + (1 - noise) * p;
                double dqdLogit = (1 - noise) * p * (1 - p);
                double dqdNoise = (1 - p) * noise * (1 - noise);
                // The loss is -log(e q) for a click, -log(1 - e q) otherwise.
                double dLdq = rows.clicked()[i] ? -1 / Math.max(1e-12, q) : e / Math.max(1e-12, 1 - e * q);
                for (int j = 0; j < d; j++) {
                    grad[j] += dLdq * dqdLogit * z[j] / n;
                }
                grad[d] += dLdq * dqdLogit / n;
                grad[d + 1] += dLdq * dqdNoise / n;
            }
            for (int j = 0; j < d; j++) {
                grad[j] += settings.l2() * w[j];
            }
            for (int j = 0; j < params; j++) {
                m[j] = 0.9 * m[j] + 0.1 * grad[j];
                v[j] = 0.999 * v[j] + 0.001 * grad[j] * grad[j];
                double mHat = m[j] / (1 - Math.pow(0.9, t));
                double vHat = v[j] / (1 - Math.pow(0.999, t));
                w[j] -= LEARNING_RATE * mHat / (Math.sqrt(vHat) + 1e-8);
            }
        }
        // Back to raw features: logit = b + sum w_j (x_j - mean_j) / scale_j.
        List<Double> weights = new ArrayList<>(d);
        double intercept = w[d];
        for (int j = 0; j < d; j++) {
            weights.add(w[j] / scale[j]);
            intercept -= w[j] * mean[j] / scale[j];
        }
        return new Fit(new RelevanceCalibration(settings.depth(), weights, intercept, 0.5), sigmoid(w[d + 1]));
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
