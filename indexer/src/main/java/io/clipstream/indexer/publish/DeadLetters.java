package io.clipstream.indexer.publish;

import io.clipstream.events.DeadLetter;
import io.clipstream.events.ErrorClass;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Writes refused records, key and value byte for byte, to their dead-letter topic with the reason and origin in
 * headers, and counts them ({@code clipstream.dlq.records} by topic and error class).
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel("uploads-dlq")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<byte[], byte[]>> uploads;

    @Inject
    @Channel("embeddings-dlq")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<byte[], byte[]>> embeddings;

    @Inject
    MeterRegistry registry;

    /** A refused images.uploaded record. */
    public CompletionStage<Void> upload(ConsumerRecord<byte[], byte[]> record, ErrorClass errorClass, String reason,
                                        String exceptionClass, String stage) {
        return send(uploads, record, record.key(), errorClass, reason, exceptionClass, stage);
    }

    /** A refused embeddings-log record. */
    public CompletionStage<Void> embedding(ConsumerRecord<String, byte[]> record, ErrorClass errorClass,
                                           String reason, String exceptionClass, String stage) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return send(embeddings, record, key, errorClass, reason, exceptionClass, stage);
    }

    private CompletionStage<Void> send(MutinyEmitter<Record<byte[], byte[]>> emitter,
                                       ConsumerRecord<?, byte[]> record,
                                       byte[] key, ErrorClass errorClass, String reason, String exceptionClass,
                                       String stage) {
        DeadLetter letter = new DeadLetter(errorClass, reason, exceptionClass, record.topic(), record.partition(),
                record.offset(), stage, Instant.now());
        registry.counter("clipstream.dlq.records", "topic", record.topic(), "error_class", errorClass.name())
                .increment();
        LOG.debugf("dead-lettering %s at %s-%d@%d: %s %s", record.key(), record.topic(), record.partition(),
                record.offset(), errorClass, reason);
        RecordHeaders headers = new RecordHeaders();
        letter.toHeaders().forEach((name, v) -> headers.add(name, v.getBytes(StandardCharsets.UTF_8)));
        Message<Record<byte[], byte[]>> message = Message.of(Record.of(key, record.value()))
                .addMetadata(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
        return emitter.sendMessage(message).subscribeAsCompletionStage();
    }
}
