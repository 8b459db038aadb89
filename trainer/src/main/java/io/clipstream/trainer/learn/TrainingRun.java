package io.clipstream.trainer.learn;

import java.util.List;

/**
 * How a training run spent its budget.
 *
 * @param batchesPerEpoch batches in one pass over the training pairs (a batch holds each query text and each image
 *                        once, so pairs of few texts need many small batches)
 * @param budgetSteps the step budget: {@code epochs x batchesPerEpoch}, at least {@code minSteps} and at most
 *                    {@code maxSteps}
 * @param steps steps actually taken (fewer than the budget when validation stopped the run)
 * @param bestStep the step whose parameters were kept
 * @param stoppedEarly whether validation stopped the run before the budget was spent
 * @param summary the above in a sentence, for reports and logs
 */
public record TrainingRun(int batchesPerEpoch, int budgetSteps, int steps, int bestStep, boolean stoppedEarly,
                          String summary, List<TrainingCheck> checks) {

    public TrainingRun {
        checks = List.copyOf(checks);
    }
}
