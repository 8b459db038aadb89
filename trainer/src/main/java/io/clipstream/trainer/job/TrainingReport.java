package io.clipstream.trainer.job;

import io.clipstream.trainer.eval.GateDecision;
import io.clipstream.trainer.eval.RetrievalMetrics;
import io.clipstream.trainer.eval.ScalePoint;
import io.clipstream.trainer.learn.TrainingRun;
import java.time.Instant;
import java.util.List;

/**
 * Everything a training run measured and decided, as plain records for JSON (times need Jackson's JavaTimeModule, as
 * in {@code EventJson}). Written next to the model version so that a published version explains itself.
 *
 * @param training null when nothing was trained (no usable training pairs)
 * @param bestValidationScale the scale validation alone preferred; {@code chosenScale} is smaller when that one
 *                            dropped the guardrail by more than the gate allows
 * @param guardrail null without a guardrail set
 */
public record TrainingReport(
        Counts counts,
        Window window,
        TrainingJobSettings settings,
        Training training,
        List<ScalePoint> scaleScan,
        double chosenScale,
        double bestValidationScale,
        Comparison validation,
        Comparison test,
        Comparison guardrail,
        Incumbent incumbent,
        GateDecision gate,
        Durations durations) {

    /**
     * @param pairsInWindow click pairs handed to the job
     * @param skippedUnknownImage pairs whose image has no base vector in the catalogue
     * @param skippedInvalid pairs without query text, image, click time, or with a weight that is not positive
     * @param trainPairs distinct (query, image) training pairs after aggregation
     * @param hardNegatives hard negative entries over all training pairs
     * @param validationQueries distinct query texts of the validation split; likewise test and guardrail
     */
    public record Counts(int pairsInWindow, int skippedUnknownImage, int skippedInvalid, int trainClicks,
                         int validationClicks, int testClicks, int trainPairs, int trainQueries, int trainImages,
                         int hardNegatives, int validationQueries, int testQueries, int guardrailQueries,
                         int catalogueImages) {
    }

    /** Click times bounding each split; null where a split is empty. */
    public record Window(Instant firstTrainClick, Instant lastTrainClick, Instant firstValidationClick,
                         Instant lastValidationClick, Instant firstTestClick, Instant lastTestClick) {
    }

    /** How the step budget was spent (checks, early stopping) and the learnt logit scale and sigmoid bias. */
    public record Training(TrainingRun run, double logitScale, double sigmoidBias) {
    }

    /** The live fine-tuned version on the test split, next to the new one. */
    public record Incumbent(int version, RetrievalMetrics test) {
    }

    /**
     * {@code before}: the base model (residual scale 0); {@code after}: the chosen scale; {@code chanceNdcgAt10}:
     * what a random ordering of the catalogue would score.
     */
    public record Comparison(RetrievalMetrics before, RetrievalMetrics after, double chanceNdcgAt10) {
    }

    public record Durations(long embedMillis, long trainMillis, long evalMillis, long totalMillis) {
    }
}
