package io.clipstream.trainer.job;

import io.clipstream.trainer.eval.GateSettings;
import io.clipstream.trainer.eval.ScaleSelection;
import io.clipstream.trainer.learn.TrainingSettings;
import java.util.List;

/**
 * One training run's settings.
 *
 * @param testFraction the most recent clicks (by click time) held out as the test split
 * @param validationFraction the clicks just before the test split, used to choose the residual scale
 * @param scaleCandidates residual scales tried on validation
 */
public record TrainingJobSettings(double testFraction, double validationFraction, List<Double> scaleCandidates,
                                  TrainingSettings training, GateSettings gate) {

    public TrainingJobSettings {
        if (!(testFraction > 0) || !(validationFraction >= 0) || testFraction + validationFraction >= 1) {
            throw new IllegalArgumentException("need testFraction > 0, validationFraction >= 0 and their sum < 1, got "
                    + testFraction + " and " + validationFraction);
        }
        if (scaleCandidates == null || scaleCandidates.isEmpty()) {
            throw new IllegalArgumentException("at least one residual scale candidate is needed");
        }
        scaleCandidates = List.copyOf(scaleCandidates);
    }

    /** 20% test, 10% validation, scales 0, 0.1, ..., 1, default training and gate. */
    public static TrainingJobSettings defaults() {
        return new TrainingJobSettings(0.2, 0.1, ScaleSelection.defaultCandidates(), TrainingSettings.defaults(),
                GateSettings.defaults());
    }

    public TrainingJobSettings withTraining(TrainingSettings newTraining) {
        return new TrainingJobSettings(testFraction, validationFraction, scaleCandidates, newTraining, gate);
    }

    public TrainingJobSettings withGate(GateSettings newGate) {
        return new TrainingJobSettings(testFraction, validationFraction, scaleCandidates, training, newGate);
    }
}
