package io.clipstream.trainer.job;

import java.util.List;

/** Embeds query texts with the base text tower (no adapter): one vector per text, in order. */
@FunctionalInterface
public interface QueryEmbedder {

    float[][] embed(List<String> texts);
}
