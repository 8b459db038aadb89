package io.clipstream.trainer.job;

import io.clipstream.trainer.learn.TrainedAdapters;
import java.util.Optional;

/**
 * A run's result: the adapters at the chosen residual scale when the gate publishes them, and the report.
 *
 * @param candidate the trained adapters at the chosen scale whether published or not (empty when nothing was
 *                  trained): what a refused run would have served, for diagnostics and benchmarks
 */
public record TrainingOutcome(Optional<TrainedAdapters> adapters, TrainingReport report,
                              Optional<TrainedAdapters> candidate) {

    public boolean published() {
        return adapters.isPresent();
    }
}
