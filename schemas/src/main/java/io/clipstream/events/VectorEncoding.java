package io.clipstream.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the vector that follows an {@link ImageEmbedded} header is written. */
public enum VectorEncoding {
    @JsonProperty("f32le") F32LE(Float.BYTES),
    @JsonProperty("f16le") F16LE(Short.BYTES);

    private final int bytesPerComponent;

    VectorEncoding(int bytesPerComponent) {
        this.bytesPerComponent = bytesPerComponent;
    }

    public int bytesPerComponent() {
        return bytesPerComponent;
    }
}
