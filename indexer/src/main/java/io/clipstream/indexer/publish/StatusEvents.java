package io.clipstream.indexer.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clipstream.events.EventJson;
import io.clipstream.events.ImageIndexed;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes what became of each image to images.indexed. */
@ApplicationScoped
public class StatusEvents {

    @Inject
    @Channel("indexed-out")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<String, byte[]>> emitter;

    public CompletionStage<Void> publish(ImageIndexed event) {
        byte[] json;
        try {
            json = EventJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise status of " + event.imageId(), e);
        }
        return emitter.send(Record.of(event.imageId(), json)).subscribeAsCompletionStage();
    }
}
