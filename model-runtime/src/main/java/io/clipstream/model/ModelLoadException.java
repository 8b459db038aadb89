package io.clipstream.model;

/** A model directory or graph that cannot be used; the message says what was expected and what was found. */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
