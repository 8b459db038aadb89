package io.clipstream.model.adapter;

import io.clipstream.model.vector.Vectors;

/** Version 0: the base embedding, normalised. */
record IdentityAdapter(int dims) implements EmbeddingAdapter {

    @Override
    public float[] apply(float[] base) {
        if (base.length != dims) {
            throw new IllegalArgumentException("expected a " + dims + "-d vector, got " + base.length);
        }
        return Vectors.normalizeInPlace(base.clone());
    }

    @Override
    public boolean isIdentity() {
        return true;
    }
}
