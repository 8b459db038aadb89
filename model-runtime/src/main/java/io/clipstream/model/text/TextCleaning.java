package io.clipstream.model.text;

/** What is done to a text before its tokenizer.json sees it: what the model family's own tokenizer did in training. */
public enum TextCleaning {
    /** The tokenizer.json alone (SigLIP: its normaliser is the whole of its reference tokenizer's cleaning). */
    NONE,
    /** OpenAI CLIP's and open_clip's cleaning (ftfy, HTML unescape, whitespace, lower case): {@link ClipTextCleaner}. */
    CLIP;

    public String apply(String text) {
        return this == CLIP ? ClipTextCleaner.clean(text) : text;
    }
}
