package io.clipstream.model;

import io.clipstream.model.text.TextCleaning;

/**
 * How text is turned into token ids for this model.
 *
 * @param contextLength longest token sequence the text tower takes (77 for CLIP, 64 for SigLIP)
 * @param padTokenId id used to pad sequences
 * @param padToContext pad every sequence to {@code contextLength}: SigLIP was trained that way and its pooling
 *     reads the last position; OpenCLIP exports have a fixed sequence axis. CLIP with an attention mask pads only
 *     to the longest text of a batch.
 * @param cleaning what happens to a text before the tokenizer.json sees it (CLIP: its training's text cleaning)
 */
public record TextSpec(int contextLength, int padTokenId, boolean padToContext, TextCleaning cleaning) {

    public TextSpec {
        if (cleaning == null) {
            throw new IllegalArgumentException("text cleaning must be given (NONE for none)");
        }
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must be at least 2, got " + contextLength);
        }
        if (padTokenId < 0) {
            throw new IllegalArgumentException("pad token id must be >= 0, got " + padTokenId);
        }
    }
}
