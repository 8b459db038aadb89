package io.clipstream.trainer.learn;

/**
 * What one epoch did.
 *
 * @param epoch 1-based
 * @param loss mean loss per pair over the epoch's batches (regulariser included), as computed before each step
 * @param pairsPerSecond training throughput of this epoch
 * @param logitScale {@code exp(theta)} after the epoch
 * @param sigmoidBias the sigmoid loss's bias after the epoch (unused by InfoNCE)
 * @param hardNegatives whether hard negatives were part of this epoch's loss
 */
public record EpochSummary(int epoch, int epochs, double loss, int batches, long pairs, double seconds,
                           double pairsPerSecond, double logitScale, double sigmoidBias, boolean hardNegatives) {
}
