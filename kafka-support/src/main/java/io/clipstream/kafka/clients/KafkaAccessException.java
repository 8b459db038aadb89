package io.clipstream.kafka.clients;

import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * The cluster refused this application for good: wrong credentials, a certificate it does not trust, or no
 * permission. Retrying cannot help, so whoever meets it stops and says so in one line that names the listener
 * (address and security protocol) and the SASL mechanism, never a secret.
 */
public final class KafkaAccessException extends RuntimeException {

    private KafkaAccessException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The access failure behind {@code failure} (anywhere in its causes), described for {@code kafka}'s listener;
     * empty when the failure is something else (an outage, a timeout), which may pass.
     *
     * @param what what was being done, e.g. "create the indexer's topics"
     */
    public static Optional<KafkaAccessException> of(Throwable failure, KafkaClientFactory kafka, String what) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String refusal;
            if (t instanceof SslAuthenticationException) {
                refusal = "refused the TLS handshake (check ssl.truststore.* and the broker's certificate)";
            } else if (t instanceof AuthenticationException) {
                refusal = "refused the credentials (check sasl.jaas.config and sasl.mechanism)";
            } else if (t instanceof AuthorizationException) {
                refusal = "denied the permission (check the ACLs of this principal)";
            } else {
                continue;
            }
            String detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            return Optional.of(new KafkaAccessException("Kafka listener " + kafka.describe() + " " + refusal
                    + " while trying to " + what + ": " + firstLine(detail), failure));
        }
        return Optional.empty();
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
