package io.clipstream.trainer.job;

import io.clipstream.model.adapter.ResidualAdapter;

/**
 * The version live when a run starts, if it is a fine-tuned one: a new version must beat it on the held-out clicks
 * too, not only the base model, or publishing it would be a step back. Each adapter carries its residual scale.
 */
public record Incumbent(int version, ResidualAdapter text, ResidualAdapter image) {
}
