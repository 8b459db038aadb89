package io.clipstream.model.adapter;

/** A model version's adapters are missing or malformed. */
public class AdapterLoadException extends RuntimeException {

    public AdapterLoadException(String message) {
        super(message);
    }

    public AdapterLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
