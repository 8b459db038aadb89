package io.clipstream.store.keyword;

/**
 * How a hybrid search fuses its vector and keyword rankings by reciprocal rank: a hit at rank {@code r} (1-based)
 * of a ranking adds {@code weight / (k + r)}.
 *
 * @param k the rank constant; larger values flatten the difference between top and lower ranks
 * @param vectorWeight weight of the vector ranking, at least 0
 * @param keywordWeight weight of the keyword ranking, at least 0
 * @param depth how many hits of each ranking are fused; the fused ranking holds at most twice as many, and pages
 *              are slices of that one ranking, so they neither repeat nor skip a hit
 */
public record Fusion(int k, double vectorWeight, double keywordWeight, int depth) {

    public Fusion {
        if (k < 1) {
            throw new IllegalArgumentException("the rank constant k must be at least 1, got " + k);
        }
        if (!(vectorWeight >= 0) || !(keywordWeight >= 0) || !Double.isFinite(vectorWeight)
                || !Double.isFinite(keywordWeight) || vectorWeight + keywordWeight == 0) {
            throw new IllegalArgumentException("fusion weights must be finite, at least 0 and not both 0, got "
                    + vectorWeight + " and " + keywordWeight);
        }
        if (depth < 1) {
            throw new IllegalArgumentException("fusion depth must be at least 1, got " + depth);
        }
    }
}
