package io.clipstream.trainer.learn;

/**
 * One look at training in progress: the steps since the previous check and, when there is a validation split, the
 * adapters' score on it. The best-scoring check's parameters are what training returns.
 *
 * @param step optimizer steps taken so far (1-based count)
 * @param epoch the pass over the training pairs this step belongs to (1-based)
 * @param budgetSteps the run's step budget (see {@link TrainingSettings})
 * @param loss mean loss per pair over the steps since the previous check (regulariser included), as computed before
 *             each step
 * @param pairs pairs trained on since the previous check
 * @param seconds time since the previous check, validation included
 * @param validation the validation score at this step (nDCG@10 at residual scale 1); null without a validation split
 * @param best whether this check is the best so far (without a validation split: the latest)
 * @param logitScale {@code exp(theta)} at this step
 * @param sigmoidBias the sigmoid loss's bias at this step (unused by InfoNCE)
 * @param hardNegatives whether hard negatives were part of the latest step's loss
 */
public record TrainingCheck(int step, int epoch, int budgetSteps, double loss, long pairs, double seconds,
                            Double validation, boolean best, double logitScale, double sigmoidBias,
                            boolean hardNegatives) {

    public double pairsPerSecond() {
        return pairs / Math.max(seconds, 1e-9);
    }
}
