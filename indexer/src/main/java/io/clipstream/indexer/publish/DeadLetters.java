package io.clipstream.indexer.publish;

import io.clipstream.events.DeadLetter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Writes refused records, byte for byte, to their dead-letter topic with the reason in headers. */
@ApplicationScoped
public class DeadLetters {

    @Inject
    @Channel("uploads-dlq")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<byte[], byte[]>> uploads;

    @Inject
    @Channel("embeddings-dlq")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<byte[], byte[]>> embeddings;

    public CompletionStage<Void> upload(byte[] key, byte[] value, DeadLetter letter) {
        return send(uploads, key, value, letter);
    }

    public CompletionStage<Void> embedding(byte[] key, byte[] value, DeadLetter letter) {
        return send(embeddings, key, value, letter);
    }

    private static CompletionStage<Void> send(MutinyEmitter<Record<byte[], byte[]>> emitter, byte[] key,
                                              byte[] value, DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        letter.toHeaders().forEach((name, v) -> headers.add(name, v.getBytes(StandardCharsets.UTF_8)));
        Message<Record<byte[], byte[]>> message = Message.of(Record.of(key, value))
                .addMetadata(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
        return emitter.sendMessage(message).subscribeAsCompletionStage();
    }
}
