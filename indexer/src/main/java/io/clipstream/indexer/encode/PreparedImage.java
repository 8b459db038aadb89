package io.clipstream.indexer.encode;

/** A decoded image ready for the encoder: its tensor and what was learnt while decoding it. */
record PreparedImage(float[] tensor, int width, int height, String contentType) {
}
