package io.clipstream.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Map;

/**
 * Value of an images.uploaded record (schemas/image-uploaded.schema.json); the key is the image id.
 * Exactly one of {@code url} and {@code data} (base64) is set.
 */
public record ImageUploaded(
        String url,
        String data,
        String contentType,
        Map<String, Object> metadata,
        Instant eventTime) {

    public static ImageUploaded byUrl(String url) {
        return new ImageUploaded(url, null, null, null, null);
    }

    public static ImageUploaded inline(String base64) {
        return new ImageUploaded(null, base64, null, null, null);
    }

    public ImageUploaded withMetadata(Map<String, Object> newMetadata) {
        return new ImageUploaded(url, data, contentType, newMetadata, eventTime);
    }

    public ImageUploaded withEventTime(Instant time) {
        return new ImageUploaded(url, data, contentType, metadata, time);
    }

    public ImageUploaded withContentType(String type) {
        return new ImageUploaded(url, data, type, metadata, eventTime);
    }

    @JsonIgnore
    public boolean isInline() {
        return data != null;
    }
}
