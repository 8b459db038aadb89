package io.clipstream.model.adapter;

/** The adapters of one model version: text queries go through {@code text}, image vectors through {@code image}. */
public record VersionAdapters(String baseModelId, int version, EmbeddingAdapter text, EmbeddingAdapter image) {

    public static VersionAdapters base(String baseModelId, int dims) {
        return new VersionAdapters(baseModelId, 0, EmbeddingAdapter.identity(dims), EmbeddingAdapter.identity(dims));
    }
}
