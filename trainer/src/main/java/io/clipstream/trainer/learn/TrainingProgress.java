package io.clipstream.trainer.learn;

/** Told after every epoch, on the training thread; long runs log from here. */
@FunctionalInterface
public interface TrainingProgress {

    void onEpoch(EpochSummary summary);

    static TrainingProgress none() {
        return summary -> { };
    }
}
