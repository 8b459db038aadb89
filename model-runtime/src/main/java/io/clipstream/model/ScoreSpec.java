package io.clipstream.model;

/**
 * Turns a cosine similarity into the model's own score. CLIP: a softmax logit, {@code scale * cos}.
 * SigLIP: a pairwise probability, {@code sigmoid(scale * cos + bias)}.
 */
public record ScoreSpec(ModelFamily family, double logitScale, double logitBias) {

    /** CLIP's trained logit scale is clamped at 100; SigLIP base checkpoints learned about 117 and -12.9. */
    public static ScoreSpec defaults(ModelFamily family) {
        return family == ModelFamily.CLIP
                ? new ScoreSpec(family, 100.0, 0.0)
                : new ScoreSpec(family, 117.33, -12.93);
    }

    public double score(double cosine) {
        double logit = logitScale * cosine + logitBias;
        return family == ModelFamily.SIGLIP ? 1.0 / (1.0 + Math.exp(-logit)) : logit;
    }
}
