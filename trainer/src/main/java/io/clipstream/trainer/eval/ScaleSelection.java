package io.clipstream.trainer.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * WiSE-FT style choice of the residual scale: evaluate the adapters at each candidate scale on the validation split
 * and keep the best by the primary metric; a tie goes to the smaller scale, the one closer to the base model.
 *
 * <p>With a guardrail set, only scales whose guardrail primary metric drops by at most {@code guardrailMaxDrop}
 * from scale 0 compete (scale 0 always qualifies). Fine-tuning typically helps the trained queries more the larger
 * the scale while queries it never saw first gain and then lose; the constraint picks the largest gain that keeps
 * them, instead of choosing a scale the gate would then refuse.
 *
 * @param bestValidationScale the scale that validation alone would choose
 */
public record ScaleSelection(List<ScalePoint> points, double chosenScale, double bestValidationScale) {

    public ScaleSelection {
        points = List.copyOf(points);
    }

    /** Whether the guardrail ruled out the scale validation preferred. */
    public boolean constrainedByGuardrail() {
        return chosenScale != bestValidationScale;
    }

    /** 0, 0.1, ..., 1. */
    public static List<Double> defaultCandidates() {
        List<Double> scales = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            scales.add(i / 10.0);
        }
        return scales;
    }

    /** Evaluates scale 0 and every candidate, in ascending order, with {@code validation}; no guardrail. */
    public static ScaleSelection scan(List<Double> candidates, DoubleFunction<RetrievalMetrics> validation) {
        return scan(candidates, validation, scale -> null, Double.POSITIVE_INFINITY);
    }

    /**
     * @param guardrail guardrail metrics at a scale, or null when there is no guardrail set
     * @param guardrailMaxDrop the largest drop of the guardrail's primary metric a chosen scale may cause
     */
    public static ScaleSelection scan(List<Double> candidates, DoubleFunction<RetrievalMetrics> validation,
                                      DoubleFunction<RetrievalMetrics> guardrail, double guardrailMaxDrop) {
        // Scale 0, the base model, is always scanned: it is the reference and the fallback.
        double[] scales = java.util.stream.DoubleStream.concat(java.util.stream.DoubleStream.of(0),
                candidates.stream().mapToDouble(Double::doubleValue)).sorted().distinct().toArray();
        if (!(scales[0] >= 0) || Double.isInfinite(scales[scales.length - 1])) {
            throw new IllegalArgumentException("residual scales must be finite and >= 0, got " + candidates);
        }
        List<ScalePoint> points = new ArrayList<>();
        RetrievalMetrics baseGuardrail = guardrail.apply(0);
        ScalePoint best = null;
        ScalePoint bestAllowed = null;
        for (double scale : scales) {
            ScalePoint point = new ScalePoint(scale, validation.apply(scale),
                    scale == 0 ? baseGuardrail : guardrail.apply(scale));
            points.add(point);
            if (best == null || point.validation().primary() > best.validation().primary()) {
                best = point;
            }
            boolean allowed = scale == 0 || baseGuardrail == null
                    || baseGuardrail.primary() - point.guardrail().primary() <= guardrailMaxDrop;
            if (allowed && (bestAllowed == null
                    || point.validation().primary() > bestAllowed.validation().primary())) {
                bestAllowed = point;
            }
        }
        return new ScaleSelection(points, bestAllowed.scale(), best.scale());
    }
}
