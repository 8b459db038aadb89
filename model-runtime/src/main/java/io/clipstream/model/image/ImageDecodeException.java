package io.clipstream.model.image;

import java.util.Objects;

/**
 * An image that cannot be turned into pixels. The message is meant for the person who uploaded the image
 * (it ends up in dead-letter headers), so it says what was wrong in concrete terms.
 */
public final class ImageDecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why decoding was refused; stable, so callers can branch or count on it. */
    public enum Reason {
        /** Zero bytes. */
        EMPTY,
        /** The bytes are not one of the {@link ImageFormat}s (or a variant of one that is not supported). */
        UNSUPPORTED_FORMAT,
        /** Truncated or damaged data, or a codec that failed on it. */
        CORRUPT,
        /** The header declares more pixels than {@link DecodeLimits#maxPixels()}. */
        TOO_MANY_PIXELS,
        /** More encoded bytes than {@link DecodeLimits#maxBytes()}. */
        TOO_LARGE
    }

    private final Reason reason;

    public ImageDecodeException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ImageDecodeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
