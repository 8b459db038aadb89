package io.clipstream.query.duplicates;

import io.clipstream.events.DuplicateDismissal;
import io.clipstream.events.EventJson;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.query.config.QueryConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes a user's dismissal of a duplicate group to the dismissals topic, where the indexer's stage reads it. */
@ApplicationScoped
public class Dismissals {

    private static final long ACK_TIMEOUT_MS = 15_000;

    @Inject
    QueryConfig config;

    @Inject
    KafkaClientFactory kafka;

    private KafkaProducer<String, byte[]> producer;

    @PostConstruct
    void start() {
        producer = kafka.producer("duplicate-dismissals", new StringSerializer(), new ByteArraySerializer(),
                Map.of());
    }

    @PreDestroy
    void stop() {
        producer.close();
    }

    /** Returns once Kafka acknowledged it; a failure or no answer within 15 s is a {@link DismissalNotWritten}. */
    public void write(DuplicateDismissal dismissal) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(config.topics().duplicateDismissals(), dismissal.key(),
                    EventJson.mapper().writeValueAsBytes(dismissal))).get(ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new DismissalNotWritten("the dismissal of " + dismissal.key() + " was not written: "
                    + e.getMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dismissal " + dismissal.key(), e);
        }
    }

    /** Kafka did not take a dismissal. */
    public static final class DismissalNotWritten extends RuntimeException {
        public DismissalNotWritten(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
