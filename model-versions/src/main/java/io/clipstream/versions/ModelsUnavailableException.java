package io.clipstream.versions;

/**
 * Kafka did not give, in time, what a decision about versions needs: the models topic read up to its end, a
 * record acknowledged, or a projector group's offsets. Nothing was changed by the call that failed; retry later.
 */
public class ModelsUnavailableException extends RuntimeException {

    public ModelsUnavailableException(String message) {
        super(message);
    }

    public ModelsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
