package io.clipstream.events;

import java.time.Instant;
import java.util.Map;

/**
 * The JSON header of an images.embeddings.&lt;baseModelId&gt; record (schemas/image-embedded.schema.json).
 * The vector itself travels after the header in binary: see {@link EmbeddingMessage}.
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
        Instant encodedTime) {
}
