package io.clipstream.query.search;

import io.clipstream.model.image.ImageDecodeException;

/** An uploaded query image that cannot be decoded; {@link #reason()} says why (too large, unsupported...). */
public class InvalidImageException extends RuntimeException {

    private final ImageDecodeException.Reason reason;

    public InvalidImageException(ImageDecodeException cause) {
        super(cause.getMessage(), cause);
        this.reason = cause.reason();
    }

    public ImageDecodeException.Reason reason() {
        return reason;
    }
}
