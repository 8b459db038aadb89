package io.clipstream.indexer.thumbnail;

/** A JPEG thumbnail: its bytes, its size in pixels and the quality it was encoded at. */
public record Thumbnail(byte[] jpeg, int width, int height, float quality) {
}
