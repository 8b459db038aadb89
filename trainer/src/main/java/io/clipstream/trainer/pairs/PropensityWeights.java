package io.clipstream.trainer.pairs;

/**
 * Position-debiasing weights of clicks: a click at rank {@code r} (0 = top) is weighted by the inverse of the
 * probability that a person examined that rank at all, {@code propensity(r) = 1 / (r + 1)^eta}, clipped to at most
 * {@code maxWeight} because a few deep clicks with huge weights would dominate the training loss (the classic
 * variance problem of inverse propensity scoring).
 * <p>
 * The propensities are configured, not estimated from the logged clicks. Clicks confound two things, whether a
 * result was looked at and whether it was relevant, and the ranker put the relevant results on top: fitting an
 * examination curve to logged click rates would mistake relevance for position. Separating the two needs
 * randomised interventions (swapping or interleaving results) that this system does not run yet. Until it does,
 * {@code eta = 1} is the standard prior (examination falling off like a cascade model's); an interleaving or
 * pairwise-swap experiment is what should set {@code eta}.
 */
public final class PropensityWeights {

    private final double eta;
    private final double maxWeight;

    public PropensityWeights(double eta, double maxWeight) {
        if (!(eta >= 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("eta must be finite and not negative, got " + eta);
        }
        if (!(maxWeight >= 1) || Double.isInfinite(maxWeight)) {
            throw new IllegalArgumentException("maxWeight must be finite and at least 1, got " + maxWeight);
        }
        this.eta = eta;
        this.maxWeight = maxWeight;
    }

    /** Examination propensity of 0-based rank {@code rank}. */
    public double propensity(int rank) {
        if (rank < 0) {
            throw new IllegalArgumentException("rank is 0-based, got " + rank);
        }
        return 1.0 / Math.pow(rank + 1.0, eta);
    }

    /** The clipped inverse propensity of 0-based rank {@code rank}; at least 1. */
    public double weight(int rank) {
        return Math.min(1.0 / propensity(rank), maxWeight);
    }
}
