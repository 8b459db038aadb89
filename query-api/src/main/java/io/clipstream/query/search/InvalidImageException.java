package io.clipstream.query.search;

import io.clipstream.model.image.ImageDecodeException;

/** An uploaded query image that cannot be decoded; {@link #reason()} says why (too large, unsupported...). */
public class InvalidImageException extends RuntimeException {

    private final ImageDecodeException.Reason reason;
    private final Integer term;

    public InvalidImageException(ImageDecodeException cause) {
        this(cause, null);
    }

    /** @param term the 0-based index of the weighted query's term holding the image, or null */
    public InvalidImageException(ImageDecodeException cause, Integer term) {
        super(cause.getMessage(), cause);
        this.reason = cause.reason();
        this.term = term;
    }

    public ImageDecodeException.Reason reason() {
        return reason;
    }

    public Integer term() {
        return term;
    }
}
