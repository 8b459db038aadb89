package io.clipstream.events;

/**
 * What the encoder learnt of an image's pixels while decoding it (schemas/image-evidence.schema.json): the
 * evidence the duplicates stage judges copies by, next to the embedding.
 *
 * @param contentSha256 SHA-256 of the bytes as received, hex
 * @param pixelSha256 SHA-256 of the preprocessed model input, hex
 * @param greyThumbnail mean grey of 8x8 boxes of the decoded image, one byte each, hex (a perceptual hash)
 * @param degenerate near-uniform (black, white, one colour): never grouped by itself
 */
public record ImageEvidence(String contentSha256, String pixelSha256, String greyThumbnail, boolean degenerate) {
}
