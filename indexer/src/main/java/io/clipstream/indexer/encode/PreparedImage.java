package io.clipstream.indexer.encode;

import io.clipstream.events.ImageEvidence;
import java.util.concurrent.CompletableFuture;

/**
 * A decoded image handed to the encoder: its vector to come, what was learnt while decoding it, and its JPEG
 * thumbnail ({@code null} when the image gets none), and its pixel evidence for the duplicates stage.
 */
record PreparedImage(CompletableFuture<float[]> vector, int width, int height, String contentType, byte[] thumbnail,
                     ImageEvidence evidence) {
}
