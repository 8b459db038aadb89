package io.clipstream.indexer.encode;

/**
 * A decoded image ready for the encoder: its tensor, what was learnt while decoding it, and its JPEG thumbnail
 * ({@code null} when the image gets none).
 */
record PreparedImage(float[] tensor, int width, int height, String contentType, byte[] thumbnail) {
}
