package io.clipstream.model.calibration;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * One model version's map from a result's score to the probability that it is relevant (clicked when looked at):
 * a logistic regression over {@link #FEATURES}, fitted by the trainer on logged searches and clicks. It travels
 * with its version in the model registry ({@code calibration} in the version's manifest), so a search is judged by
 * the calibration of the version that served it.
 *
 * <p>Every feature but the score itself is fixed per search, so the probability rises with the score exactly when
 * {@link #scoreSlope()} is positive, which the trainer requires: the results that pass a cut-off are then always
 * a prefix of the ranking, and a page whose last hit passes is the only kind after which more passing hits can
 * follow.
 *
 * @param depth         how many of a search's top scores make its {@link ScoreContext}
 * @param weights       one weight per feature, in the order of {@link #FEATURES}
 * @param intercept     the logit at all features 0
 * @param autoProbability the cut-off {@code cutoff=auto} applies
 */
public record RelevanceCalibration(int depth, List<Double> weights, double intercept, double autoProbability) {

    /** The features, in weight order: the score, its gap to the best and to the depth-th score, the mean and spread of the top {@code depth}. */
    public static final List<String> FEATURES = List.of("score", "gapToBest", "gapToKth", "topMean", "topStd");

    public RelevanceCalibration {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, got " + depth);
        }
        if (weights == null || weights.size() != FEATURES.size()) {
            throw new IllegalArgumentException("weights must hold " + FEATURES.size() + " numbers " + FEATURES
                    + ", got " + weights);
        }
        weights = List.copyOf(weights);
        for (double w : weights) {
            if (!Double.isFinite(w)) {
                throw new IllegalArgumentException("weights must be finite, got " + weights);
            }
        }
        if (!Double.isFinite(intercept)) {
            throw new IllegalArgumentException("intercept must be finite, got " + intercept);
        }
        if (!(autoProbability > 0 && autoProbability < 1)) {
            throw new IllegalArgumentException("autoProbability must be in (0, 1), got " + autoProbability);
        }
    }

    /** The features of {@code score} in {@code context}, in weight order. */
    public static double[] features(double score, ScoreContext context) {
        return new double[] {score, score - context.best(), score - context.kth(), context.mean(), context.std()};
    }

    /** P(relevant) of a result scoring {@code score} in a search whose top scores make {@code context}. */
    public double probability(double score, ScoreContext context) {
        double[] x = features(score, context);
        double z = intercept;
        for (int i = 0; i < x.length; i++) {
            z += weights.get(i) * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** How the logit changes with the score within one search; positive for a usable calibration. */
    @JsonIgnore
    public double scoreSlope() {
        return weights.get(0) + weights.get(1) + weights.get(2);
    }
}
