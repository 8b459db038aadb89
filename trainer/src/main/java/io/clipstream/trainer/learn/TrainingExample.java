package io.clipstream.trainer.learn;

/**
 * One positive (query, image) pair for training.
 *
 * @param query row of the query vectors
 * @param image row of the image vectors
 * @param weight importance of the pair (e.g. summed debiased click weight); normalised per batch
 * @param hardNegatives rows of images shown for this query but not clicked, best first; never a positive of the
 *                      query
 */
public record TrainingExample(int query, int image, float weight, int[] hardNegatives) {

    private static final int[] NONE = new int[0];

    public TrainingExample {
        if (!(weight > 0) || !Float.isFinite(weight)) {
            throw new IllegalArgumentException("weight must be positive and finite, got " + weight);
        }
        hardNegatives = hardNegatives == null ? NONE : hardNegatives;
    }

    public TrainingExample(int query, int image, float weight) {
        this(query, image, weight, NONE);
    }
}
