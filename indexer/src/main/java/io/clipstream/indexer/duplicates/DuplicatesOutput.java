package io.clipstream.indexer.duplicates;

import io.clipstream.events.EventJson;
import io.clipstream.events.ImageDuplicates;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes to the compacted duplicates topic: key = image id, value = its record as JSON, or a tombstone. */
public final class DuplicatesOutput {

    private final Producer<String, byte[]> producer;
    private final String topic;

    public DuplicatesOutput(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    public CompletionStage<Void> record(ImageDuplicates record) {
        try {
            return send(record.imageId(), EventJson.mapper().writeValueAsBytes(record));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the duplicates record of " + record.imageId(), e);
        }
    }

    public CompletionStage<Void> tombstone(String imageId) {
        return send(imageId, null);
    }

    private CompletionStage<Void> send(String key, byte[] value) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                acked.completeExceptionally(error);
            } else {
                acked.complete(null);
            }
        });
        return acked;
    }
}
