package io.clipstream.trainer.eval;

/**
 * The adapters at one residual scale: validation metrics, which choose the scale, and guardrail metrics (null
 * without a guardrail set), which are reported along the scan but play no part in the choice.
 */
public record ScalePoint(double scale, RetrievalMetrics validation, RetrievalMetrics guardrail) {
}
