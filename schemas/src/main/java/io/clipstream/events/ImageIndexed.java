package io.clipstream.events;

import java.time.Instant;

/** Value of an images.indexed record (schemas/image-indexed.schema.json), keyed by image id. */
public record ImageIndexed(
        String imageId,
        IndexStatus status,
        String baseModelId,
        Integer modelVersion,
        String collection,
        String errorClass,
        String reason,
        Instant time) {

    public static ImageIndexed stored(String imageId, IndexStatus status, String baseModelId, int modelVersion,
                                      String collection, Instant time) {
        return new ImageIndexed(imageId, status, baseModelId, modelVersion, collection, null, null, time);
    }

    public static ImageIndexed rejected(String imageId, ErrorClass errorClass, String reason, Instant time) {
        return new ImageIndexed(imageId, IndexStatus.REJECTED, null, null, null, errorClass.name(), reason, time);
    }
}
