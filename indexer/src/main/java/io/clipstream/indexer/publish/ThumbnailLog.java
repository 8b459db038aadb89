package io.clipstream.indexer.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Appends to the compacted thumbnails topic: a JPEG per image id, or a tombstone when the image was deleted or
 * its current version has no thumbnail (so an older one is never shown for it). Counts both
 * ({@code clipstream.thumbnails.records} by outcome).
 */
@ApplicationScoped
public class ThumbnailLog {

    public static final String CONTENT_TYPE_HEADER = "content-type";
    public static final String JPEG = "image/jpeg";

    @Inject
    @Channel("thumbnails-out")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<String, byte[]>> emitter;

    @Inject
    MeterRegistry registry;

    private Counter written;
    private Counter tombstones;

    @PostConstruct
    void start() {
        written = Counter.builder("clipstream.thumbnails.records").tag("outcome", "written")
                .description("Records appended to the thumbnails topic").register(registry);
        tombstones = Counter.builder("clipstream.thumbnails.records").tag("outcome", "tombstone")
                .description("Records appended to the thumbnails topic").register(registry);
    }

    /** Completes when the broker acknowledged the thumbnail. */
    public CompletionStage<Void> put(String imageId, byte[] jpeg) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CONTENT_TYPE_HEADER, JPEG.getBytes(StandardCharsets.US_ASCII));
        Message<Record<String, byte[]>> message = Message.of(Record.of(imageId, jpeg))
                .addMetadata(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
        written.increment();
        return emitter.sendMessage(message).subscribeAsCompletionStage();
    }

    /** Completes when the broker acknowledged the tombstone. */
    public CompletionStage<Void> delete(String imageId) {
        tombstones.increment();
        return emitter.send(Record.of(imageId, (byte[]) null)).subscribeAsCompletionStage();
    }
}
