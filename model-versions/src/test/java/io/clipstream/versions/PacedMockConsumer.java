package io.clipstream.versions;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Kafka's MockConsumer with a poll that waits like the real one: up to its timeout while nothing is there, less
 * when a record is added or a wakeup comes (MockConsumer itself returns at once, which would spin the follower).
 */
final class PacedMockConsumer extends MockConsumer<String, byte[]> {

    final AtomicInteger polls = new AtomicInteger();

    PacedMockConsumer() {
        super("earliest");
    }

    @Override
    public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
        polls.incrementAndGet();
        ConsumerRecords<String, byte[]> records = super.poll(timeout);
        if (records.isEmpty()) {
            try {
                wait(Math.max(1, timeout.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }
        return records;
    }

    @Override
    public synchronized void addRecord(ConsumerRecord<String, byte[]> record) {
        super.addRecord(record);
        notifyAll();
    }

    @Override
    public synchronized void wakeup() {
        super.wakeup();
        notifyAll();
    }
}
