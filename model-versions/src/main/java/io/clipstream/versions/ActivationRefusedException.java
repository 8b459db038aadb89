package io.clipstream.versions;

/** A version the activation rules do not let go live; nothing was changed. */
public class ActivationRefusedException extends RuntimeException {

    /** Which rule refused it. */
    public enum Reason {
        /** A negative version number. */
        INVALID_VERSION,
        /** Never published on the models topic. */
        NOT_PUBLISHED,
        /** Retired: no projector feeds its collection any more. */
        RETIRED,
        /** Its projector has not committed the embeddings log as it was at publication. */
        NOT_CAUGHT_UP,
        NO_COLLECTION,
        NO_ADAPTERS
    }

    private final int version;
    private final Reason reason;

    public ActivationRefusedException(int version, Reason reason, String message) {
        super(message);
        this.version = version;
        this.reason = reason;
    }

    public int version() {
        return version;
    }

    public Reason reason() {
        return reason;
    }
}
