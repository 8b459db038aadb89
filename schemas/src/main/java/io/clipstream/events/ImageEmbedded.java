package io.clipstream.events;

import java.time.Instant;
import java.util.Map;

/**
 * The JSON header of an images.embeddings.&lt;baseModelId&gt; record (schemas/image-embedded.schema.json).
 * The vector itself travels after the header in binary: see {@link EmbeddingMessage}. {@code evidence} is
 * optional: records written before the encoder computed it have none.
 */
public record ImageEmbedded(
        String imageId,
        String baseModelId,
        int dims,
        VectorEncoding vectorEncoding,
        String url,
        String contentType,
        Integer width,
        Integer height,
        Map<String, Object> metadata,
        Instant eventTime,
        Instant encodedTime,
        ImageEvidence evidence) {

    /** A header without pixel evidence, as written before the encoder computed it. */
    public ImageEmbedded(String imageId, String baseModelId, int dims, VectorEncoding vectorEncoding, String url,
                         String contentType, Integer width, Integer height, Map<String, Object> metadata,
                         Instant eventTime, Instant encodedTime) {
        this(imageId, baseModelId, dims, vectorEncoding, url, contentType, width, height, metadata, eventTime,
                encodedTime, null);
    }
}
