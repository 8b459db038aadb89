package io.clipstream.trainer.learn;

/** Scores adapters (at residual scale 1) on data training never sees; higher is better. Early stopping asks it. */
@FunctionalInterface
public interface ValidationScore {

    double score(TrainedAdapters candidate);
}
