package io.clipstream.indexer.publish;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Appends to the compacted embeddings log: encoded vectors, and tombstones for deleted images. */
@ApplicationScoped
public class EmbeddingLog {

    @Inject
    @Channel("embeddings-out")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<String, byte[]>> emitter;

    /** Completes when the broker acknowledged the record; {@code value} null writes a tombstone. */
    public CompletionStage<Void> append(String imageId, byte[] value) {
        return emitter.send(Record.of(imageId, value)).subscribeAsCompletionStage();
    }
}
