package io.clipstream.indexer.encode;

import io.clipstream.events.ImageIndexed;
import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.indexer.publish.DeadLetters;
import io.clipstream.indexer.publish.EmbeddingLog;
import io.clipstream.indexer.publish.StatusEvents;
import io.clipstream.indexer.publish.ThumbnailLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The encode stage: consumes images.uploaded in batches and appends base embeddings (or tombstones) to the
 * embeddings log, and thumbnails (or tombstones) to the thumbnails topic. It never touches the vector store, so a
 * store outage cannot stall the encoder.
 *
 * <p>Batches overlap: a batch is admitted as soon as fewer than {@code clipstream.encode.batches-in-flight} are
 * in flight, so the decode threads start on the next poll while the previous batch's last images are still in the
 * encoder and its writes are being acknowledged. Two rules keep this as safe as one batch at a time: a batch's
 * writes are sent only after every earlier batch's writes were sent (the producer keeps per-partition order, so a
 * delete after an upload stays a delete), and a batch is acknowledged (its offsets become committable) only after
 * every write it caused was acknowledged by the broker.
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

    @Inject
    IndexerConfig config;

    /** Admits batches one at a time, in the order they were polled. */
    private ExecutorService admission;
    /** Hands batches' writes to the producers, one batch at a time (never on an encoder or decode thread). */
    private ExecutorService sender;
    private Semaphore inFlight;
    /** Completes once the writes of the last admitted batch have all been handed to the producer. */
    private CompletableFuture<Void> lastSent = CompletableFuture.completedFuture(null);

    @PostConstruct
    void start() {
        admission = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("encode-admission").factory());
        sender = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("encode-sender").factory());
        inFlight = new Semaphore(config.encode().batchesInFlight());
    }

    /**
     * Returns once the batch is admitted (its records are being fetched and decoded); the batch is acknowledged or
     * failed later, when its writes are.
     */
    @Incoming("uploads")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onBatch(KafkaRecordBatch<byte[], byte[]> batch) {
        return CompletableFuture.runAsync(() -> admit(batch), admission);
    }

    private void admit(KafkaRecordBatch<byte[], byte[]> batch) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch.nack(e);
            throw new CompletionException(e);
        }
        long start = System.nanoTime();
        List<ConsumerRecord<byte[], byte[]>> records = records(batch);
        List<CompletableFuture<Outcome>> outcomes = pipeline.start(records);
        CompletableFuture<Void> encoded = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new));
        // Sends in batch order: this batch's after the previous batch's were handed to the producer.
        CompletableFuture<List<CompletableFuture<Void>>> sent = lastSent.thenCombineAsync(encoded,
                (previous, done) -> send(outcomes), sender);
        lastSent = sent.thenApply(sends -> null);
        sent.thenCompose(sends -> CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)))
                .whenComplete((ok, error) -> {
                    inFlight.release();
                    if (error == null) {
                        LOG.debugf("batch of %d records written in %d ms", records.size(),
                                (System.nanoTime() - start) / 1_000_000);
                        batch.ack();
                    } else {
                        Throwable cause = error instanceof CompletionException c && c.getCause() != null
                                ? c.getCause() : error;
                        LOG.errorf(cause, "a batch of %d uploads failed for a reason other than its input",
                                records.size());
                        batch.nack(cause);
                    }
                });
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(KafkaRecordBatch<byte[], byte[]> batch) {
        @SuppressWarnings("unchecked")
        ConsumerRecords<byte[], byte[]> polled = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .map(m -> (ConsumerRecords<byte[], byte[]>) m.getRecords())
                .orElseThrow(() -> new IllegalStateException("a Kafka batch without its records metadata"));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(polled.count());
        polled.forEach(records::add);
        return records;
    }

    /** Hands every write of the batch to the producers, in record order; the futures complete on the broker's ack. */
    private List<CompletableFuture<Void>> send(List<CompletableFuture<Outcome>> outcomes) {
        boolean withThumbnails = pipeline.thumbnailsEnabled();
        List<CompletableFuture<Void>> sends = new ArrayList<>(outcomes.size() * 2);
        for (CompletableFuture<Outcome> future : outcomes) {
            Outcome outcome = future.join();
            switch (outcome) {
                case Outcome.Embedded e -> {
                    sends.add(f(embeddings.append(e.imageId(), e.message().encode())));
                    if (withThumbnails) {
                        // A tombstone when this version has no thumbnail: an older one must not stand for it.
                        sends.add(f(e.thumbnail() != null ? thumbnails.put(e.imageId(), e.thumbnail())
                                : thumbnails.delete(e.imageId())));
                    }
                }
                case Outcome.Deleted d -> {
                    sends.add(f(embeddings.append(d.imageId(), null)));
                    if (withThumbnails) {
                        sends.add(f(thumbnails.delete(d.imageId())));
                    }
                }
                case Outcome.Rejected r -> {
                    sends.add(f(deadLetters.upload(r.source(), r.rejection().errorClass(), r.rejection().getMessage(),
                            r.rejection().causeClassName(), STAGE)));
                    if (r.imageId() != null) {
                        sends.add(f(status.publish(ImageIndexed.rejected(r.imageId(), r.rejection().errorClass(),
                                r.rejection().getMessage(), Instant.now()))));
                    }
                }
            }
            count(outcome);
        }
        return sends;
    }

    private static CompletableFuture<Void> f(CompletionStage<Void> stage) {
        return stage.toCompletableFuture();
    }

    private void count(Outcome outcome) {
        String result = switch (outcome) {
            case Outcome.Embedded e -> "embedded";
            case Outcome.Deleted d -> "deleted";
            case Outcome.Rejected r -> "rejected";
        };
        registry.counter("clipstream.encode.records", "outcome", result).increment();
    }

    @PreDestroy
    void stop() {
        admission.shutdownNow();
        sender.shutdownNow();
    }
}
