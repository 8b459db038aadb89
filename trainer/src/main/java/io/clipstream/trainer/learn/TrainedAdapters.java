package io.clipstream.trainer.learn;

import io.clipstream.model.adapter.ResidualAdapter;
import java.util.List;

/**
 * The result of training: one residual adapter per tower (at residual scale 1 as trained, or at a chosen scale), the
 * learnt logit scale and sigmoid bias, and how the run went.
 */
public record TrainedAdapters(ResidualAdapter text, ResidualAdapter image, double logitScale, double sigmoidBias,
                              TrainingRun run) {

    public TrainedAdapters {
        if (text.dims() != image.dims()) {
            throw new IllegalArgumentException("text and image adapters differ in dimensions: " + text.dims()
                    + " vs " + image.dims());
        }
    }

    public int dims() {
        return text.dims();
    }

    public List<TrainingCheck> checks() {
        return run.checks();
    }

    /** Both adapters at residual scale {@code scale} (0 = base model, 1 = as trained). */
    public TrainedAdapters atScale(double scale) {
        return new TrainedAdapters(rescale(text, scale), rescale(image, scale), logitScale, sigmoidBias, run);
    }

    private static ResidualAdapter rescale(ResidualAdapter adapter, double scale) {
        return new ResidualAdapter(adapter.dims(), adapter.weight(), adapter.bias(), (float) scale);
    }
}
