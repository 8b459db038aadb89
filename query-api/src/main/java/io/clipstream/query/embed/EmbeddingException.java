package io.clipstream.query.embed;

/** The encoder failed on a query it accepted: a server-side failure, not the client's. */
public class EmbeddingException extends RuntimeException {

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
