package io.clipstream.kafka.retry;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Which failures of a topic follower (the models follower, {@code TopicTail}) another try can cure. Wrong credentials or permissions, an invalid topic
 * name, a broker too old, bad client settings and JVM errors cannot: the follower gives up and liveness says so.
 * Everything else (a broker away, a timeout, a listener that failed) is retried with backoff.
 */
public final class FollowerFailures {

    private FollowerFailures() {
    }

    public static boolean retryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Error || t instanceof AuthenticationException || t instanceof AuthorizationException
                    || t instanceof InvalidTopicException || t instanceof UnsupportedVersionException
                    || t instanceof SecurityDisabledException || t instanceof ConfigException) {
                return false;
            }
        }
        return true;
    }
}
