package io.clipstream.indexer.duplicates;

import io.clipstream.events.DuplicateDismissal;
import io.clipstream.events.EventJson;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.follow.TopicTail;
import io.clipstream.kafka.retry.Backoff;
import java.io.IOException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The dismissals topic as the stage reads it: the whole compacted topic, followed ({@link TopicTail}), each dismissal
 * applied to the stage's state. Applying one twice changes nothing, so a read from the start after a failure is
 * harmless.
 */
final class DismissalFollower {

    private static final Logger LOG = Logger.getLogger(DismissalFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private DismissalFollower() {
    }

    /** Follows {@code topic} (started by the caller), applying each dismissal through {@code writer}. */
    static TopicTail tail(KafkaClientFactory kafka, String topic, DuplicatesWriter writer, Backoff backoff) {
        return new TopicTail(kafka, "duplicates-dismissals", topic, backoff, POLL, record -> {
            DuplicateDismissal dismissal = parse(record.key(), record.value());
            if (dismissal != null) {
                writer.dismiss(dismissal);
            }
        });
    }

    /** Reads a dismissal record's value; null for a tombstone or a record that is not one (warned). */
    static DuplicateDismissal parse(String key, byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return EventJson.mapper().readValue(value, DuplicateDismissal.class);
        } catch (IOException e) {
            LOG.warnf("skipping an unreadable dismissal %s: %s", key, e.getMessage());
            return null;
        }
    }
}
