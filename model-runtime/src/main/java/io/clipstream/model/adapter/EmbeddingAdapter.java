package io.clipstream.model.adapter;

/**
 * Maps a base (backbone) embedding to the embedding space of a fine-tuned model version. Version 0 is the
 * identity. Inputs need not be normalised (adapters normalise first); outputs are unit length.
 * Implementations are immutable and thread-safe; {@link #apply} never changes its argument.
 */
public interface EmbeddingAdapter {

    int dims();

    /** The adapted, unit-length vector for the base vector {@code base}. */
    float[] apply(float[] base);

    boolean isIdentity();

    static EmbeddingAdapter identity(int dims) {
        return new IdentityAdapter(dims);
    }
}
