package io.clipstream.indexer.encode;

import io.clipstream.events.ImageIndexed;
import io.clipstream.indexer.publish.Acks;
import io.clipstream.indexer.publish.DeadLetters;
import io.clipstream.indexer.publish.EmbeddingLog;
import io.clipstream.indexer.publish.StatusEvents;
import io.clipstream.indexer.publish.ThumbnailLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The encode stage: consumes images.uploaded in batches and appends base embeddings (or tombstones) to the
 * embeddings log, and thumbnails (or tombstones) to the thumbnails topic. It never touches the vector store, so a
 * store outage cannot stall the encoder. Returning acknowledges the batch; that happens only after every output
 * of the batch was acknowledged by the broker, so offsets are committed only behind the writes they guard.
 */
@ApplicationScoped
public class EncodeStage {

    private static final Logger LOG = Logger.getLogger(EncodeStage.class);
    static final String STAGE = "encode";

    @Inject
    UploadPipeline pipeline;

    @Inject
    EmbeddingLog embeddings;

    @Inject
    ThumbnailLog thumbnails;

    @Inject
    DeadLetters deadLetters;

    @Inject
    StatusEvents status;

    @Inject
    MeterRegistry registry;

    @Incoming("uploads")
    @Blocking
    public void onBatch(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        long start = System.nanoTime();
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        List<Outcome> outcomes = pipeline.process(batch);
        long processed = System.nanoTime();
        boolean withThumbnails = pipeline.thumbnailsEnabled();
        List<CompletionStage<Void>> sends = new ArrayList<>(outcomes.size() * 2);
        for (Outcome outcome : outcomes) {
            switch (outcome) {
                case Outcome.Embedded e -> {
                    sends.add(embeddings.append(e.imageId(), e.message().encode()));
                    if (withThumbnails) {
                        // A tombstone when this version has no thumbnail: an older one must not stand for it.
                        sends.add(e.thumbnail() != null ? thumbnails.put(e.imageId(), e.thumbnail())
                                : thumbnails.delete(e.imageId()));
                    }
                }
                case Outcome.Deleted d -> {
                    sends.add(embeddings.append(d.imageId(), null));
                    if (withThumbnails) {
                        sends.add(thumbnails.delete(d.imageId()));
                    }
                }
                case Outcome.Rejected r -> {
                    sends.add(deadLetters.upload(r.source(), r.rejection().errorClass(), r.rejection().getMessage(),
                            r.rejection().causeClassName(), STAGE));
                    if (r.imageId() != null) {
                        sends.add(status.publish(ImageIndexed.rejected(r.imageId(), r.rejection().errorClass(),
                                r.rejection().getMessage(), Instant.now())));
                    }
                }
            }
            count(outcome);
        }
        Acks.awaitAll(sends);
        LOG.debugf("batch of %d records: encoded in %d ms, acknowledged %d ms later", batch.size(),
                (processed - start) / 1_000_000, (System.nanoTime() - processed) / 1_000_000);
    }

    private void count(Outcome outcome) {
        String result = switch (outcome) {
            case Outcome.Embedded e -> "embedded";
            case Outcome.Deleted d -> "deleted";
            case Outcome.Rejected r -> "rejected";
        };
        registry.counter("clipstream.encode.records", "outcome", result).increment();
    }
}
