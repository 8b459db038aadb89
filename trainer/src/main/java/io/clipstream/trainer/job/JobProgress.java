package io.clipstream.trainer.job;

import io.clipstream.trainer.learn.EpochSummary;
import io.clipstream.trainer.learn.TrainingProgress;

/** Told when a job moves to its next phase and after every training epoch. */
public interface JobProgress extends TrainingProgress {

    default void onPhase(String description) {
    }

    @Override
    default void onEpoch(EpochSummary summary) {
    }

    static JobProgress none() {
        return new JobProgress() {
        };
    }
}
