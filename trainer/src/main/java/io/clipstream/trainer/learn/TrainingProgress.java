package io.clipstream.trainer.learn;

/** Told at every check (see {@link TrainingCheck}), on the training thread; long runs log from here. */
@FunctionalInterface
public interface TrainingProgress {

    void onCheck(TrainingCheck check);

    static TrainingProgress none() {
        return check -> { };
    }
}
