package io.clipstream.indexer.project;

import io.clipstream.events.ErrorClass;
import io.clipstream.events.ImageIndexed;
import io.clipstream.indexer.publish.DeadLetters;
import io.clipstream.indexer.publish.StatusEvents;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The Kafka side of a projection: refused records and what became of each image; both complete on broker ack. */
public interface ProjectionOutputs {

    CompletionStage<Void> deadLetter(ConsumerRecord<String, byte[]> record, ErrorClass errorClass, String reason,
                                     Exception cause);

    CompletionStage<Void> status(ImageIndexed event);

    /** The indexer's dead-letter and status topics; {@code stage} names the projector in dead-letter headers. */
    static ProjectionOutputs of(DeadLetters deadLetters, StatusEvents status, String stage) {
        return new ProjectionOutputs() {
            @Override
            public CompletionStage<Void> deadLetter(ConsumerRecord<String, byte[]> record, ErrorClass errorClass,
                                                    String reason, Exception cause) {
                return deadLetters.embedding(record, errorClass, reason,
                        cause == null ? null : cause.getClass().getName(), stage);
            }

            @Override
            public CompletionStage<Void> status(ImageIndexed event) {
                return status.publish(event);
            }
        };
    }
}
