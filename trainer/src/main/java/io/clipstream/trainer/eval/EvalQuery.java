package io.clipstream.trainer.eval;

import java.util.Map;

/**
 * One evaluation query: its text and the images that are relevant to it, each with a graded gain (for click data,
 * the summed debiased click weight). Images absent from the catalogue are ignored at evaluation time.
 */
public record EvalQuery(String text, Map<String, Double> gains) {

    public EvalQuery {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an evaluation query needs a text");
        }
        gains.forEach((image, gain) -> {
            if (gain == null || !(gain > 0) || gain.isInfinite()) {
                throw new IllegalArgumentException("gain of " + image + " for '" + text + "' must be positive, got "
                        + gain);
            }
        });
        gains = Map.copyOf(gains);
    }
}
