package io.clipstream.cli.publish;

/** A run that could not start: Kafka unreachable or refusing this client, topic missing, state file unusable. */
public final class PublishException extends Exception {

    public enum Kind {
        KAFKA_UNREACHABLE,
        /** Credentials, TLS trust or permissions refused: retrying cannot help. */
        KAFKA_REFUSED,
        TOPIC_MISSING,
        STATE_FILE
    }

    private final Kind kind;

    public PublishException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
