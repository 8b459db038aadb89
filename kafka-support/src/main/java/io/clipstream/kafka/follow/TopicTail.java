package io.clipstream.kafka.follow;

import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.kafka.retry.FollowerFailures;
import io.clipstream.kafka.retry.RetryState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads a whole (compacted) topic from its beginning and goes on following it, on a thread of its own and without
 * a consumer group: every replica reads all of it. A failure another try can cure (Kafka away, the handler, a topic
 * not created yet: {@link FollowerFailures}) closes the consumer and, after a {@link Backoff} delay, reads the topic
 * again from the beginning, so the handler hears
 * {@link Handler#onReplay()} first and must rebuild or be idempotent. Any other failure (credentials, permissions,
 * settings) ends the tail and {@link #alive()} turns false, for the service's liveness. The models topic has a follower of its own
 * ({@code ModelsFollower}: it folds a state and waits for the end of the replay); this is the plain one.
 */
public final class TopicTail {

    private static final Logger LOG = Logger.getLogger(TopicTail.class);
    private static final Duration PARTITIONS_TIMEOUT = Duration.ofSeconds(30);

    /** Hears the records in order per partition, on the tail's thread. */
    public interface Handler {

        /** Before the topic is read (again) from its beginning. */
        default void onReplay() {
        }

        void onRecord(ConsumerRecord<String, byte[]> record) throws InterruptedException;
    }

    private final KafkaClientFactory kafka;
    private final String clientName;
    private final String topic;
    private final Backoff backoff;
    private final Duration poll;
    private final Handler handler;
    private final FollowerThread thread;
    private volatile boolean gaveUp;

    /**
     * @param clientName names the consumers (client id) and the thread
     * @param poll       how long a poll waits: about how soon a record is seen and a stop is noticed
     */
    public TopicTail(KafkaClientFactory kafka, String clientName, String topic, Backoff backoff, Duration poll,
                     Handler handler) {
        this.kafka = kafka;
        this.clientName = clientName;
        this.topic = topic;
        this.backoff = backoff;
        this.poll = poll;
        this.handler = handler;
        this.thread = new FollowerThread(clientName, "the tail of " + topic);
    }

    public void start() {
        thread.start(this::follow);
    }

    /** Stops following; the handler hears nothing more once this returns (unless it hung). */
    public void stop(Duration timeout) throws InterruptedException {
        thread.stop(timeout);
    }

    /** False once the tail gave up on a failure no retry cures, or its thread ended while it should run. */
    public boolean alive() {
        return !gaveUp && thread.threadAlive();
    }

    private void follow() {
        RetryState failures = new RetryState(backoff, 0);
        Map<String, Object> noGroup = new HashMap<>();
        noGroup.put(ConsumerConfig.GROUP_ID_CONFIG, null);
        while (thread.running()) {
            try (KafkaConsumer<String, byte[]> c = kafka.consumer(clientName, new StringDeserializer(),
                    new ByteArrayDeserializer(), noGroup)) {
                thread.reading(c);
                List<TopicPartition> partitions = c.partitionsFor(topic, PARTITIONS_TIMEOUT).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                if (partitions.isEmpty()) {
                    throw new IllegalStateException("topic " + topic + " does not exist (yet)");
                }
                c.assign(partitions);
                c.seekToBeginning(partitions);
                handler.onReplay();
                while (thread.running()) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(poll)) {
                        handler.onRecord(r);
                    }
                    if (failures.succeeded()) {
                        LOG.infof("following %s again", topic);
                    }
                }
            } catch (WakeupException e) {
                if (thread.running()) {
                    LOG.warnf("the tail of %s was woken up while running; reading it again", topic);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!FollowerFailures.retryable(e)) {
                    gaveUp = true;
                    LOG.errorf(e, "stopped following %s: a failure no retry can cure", topic);
                    return;
                }
                if (failures.failed()) {
                    LOG.warnf("cannot follow %s, retrying with backoff: %s", topic, e.getMessage());
                }
                if (!thread.pause(failures.nextDelay())) {
                    return;
                }
            } finally {
                thread.reading(null);
            }
        }
    }
}
