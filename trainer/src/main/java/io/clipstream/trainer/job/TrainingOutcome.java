package io.clipstream.trainer.job;

import io.clipstream.trainer.learn.TrainedAdapters;
import java.util.Optional;

/** A run's result: the adapters at the chosen residual scale when the gate publishes them, and the report. */
public record TrainingOutcome(Optional<TrainedAdapters> adapters, TrainingReport report) {

    public boolean published() {
        return adapters.isPresent();
    }
}
