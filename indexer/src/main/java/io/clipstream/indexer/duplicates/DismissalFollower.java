package io.clipstream.indexer.duplicates;

import io.clipstream.events.DuplicateDismissal;
import io.clipstream.events.EventJson;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.kafka.retry.RetryState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows the dismissals topic (the whole compacted topic, no group, as the models follower does) and applies each
 * dismissal to the stage's state; applying one twice changes nothing, so it simply reads from the start after a
 * failure, after a {@link Backoff} delay.
 */
final class DismissalFollower {

    private static final Logger LOG = Logger.getLogger(DismissalFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaClientFactory kafka;
    private final String topic;
    private final DuplicatesWriter writer;
    private final Backoff backoff;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    DismissalFollower(KafkaClientFactory kafka, String topic, DuplicatesWriter writer, Backoff backoff) {
        this.kafka = kafka;
        this.topic = topic;
        this.writer = writer;
        this.backoff = backoff;
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

    void start() {
        thread = Thread.ofPlatform().name("duplicates-dismissals").start(this::follow);
    }

    void stop(Duration timeout) throws InterruptedException {
        running = false;
        stop.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(timeout);
        }
    }

    private void follow() {
        RetryState failures = new RetryState(backoff, 0);
        while (running) {
            try (KafkaConsumer<String, byte[]> c = kafka.consumer("duplicates-dismissals", new StringDeserializer(),
                    new ByteArrayDeserializer(), Map.of())) {
                consumer = c;
                List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                c.assign(partitions);
                c.seekToBeginning(partitions);
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
                        DuplicateDismissal dismissal = parse(r.key(), r.value());
                        if (dismissal != null) {
                            writer.dismiss(dismissal);
                        }
                    }
                    failures.succeeded();
                }
            } catch (WakeupException e) {
                if (running) {
                    LOG.warn("dismissals follower woken up while running; reading the topic again");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (failures.failed()) {
                    LOG.warnf("cannot follow %s, retrying with backoff: %s", topic, e.getMessage());
                }
                try {
                    if (stop.await(failures.nextDelay().toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } finally {
                consumer = null;
            }
        }
    }
}
