package io.clipstream.query.feedback;

/** A valid click the clicks topic did not acknowledge in time; the client may send it again. */
public class ClickNotLoggedException extends RuntimeException {

    public ClickNotLoggedException(String message, Throwable cause) {
        super(message, cause);
    }
}
