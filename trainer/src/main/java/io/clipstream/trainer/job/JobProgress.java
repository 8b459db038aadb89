package io.clipstream.trainer.job;

import io.clipstream.trainer.learn.TrainingCheck;
import io.clipstream.trainer.learn.TrainingProgress;

/** Told when a job moves to its next phase and at every training check. */
public interface JobProgress extends TrainingProgress {

    default void onPhase(String description) {
    }

    @Override
    default void onCheck(TrainingCheck check) {
    }

    static JobProgress none() {
        return new JobProgress() {
        };
    }
}
