package io.clipstream.indexer.encode;

import io.clipstream.events.EmbeddingMessage;
import io.clipstream.indexer.Rejection;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What the encode stage made of one images.uploaded record. */
public sealed interface Outcome {

    ConsumerRecord<byte[], byte[]> source();

    /**
     * Encoded: goes to the embeddings log, and its thumbnail to the thumbnails topic ({@code null}: none is kept for
     * this image).
     */
    record Embedded(ConsumerRecord<byte[], byte[]> source, String imageId, EmbeddingMessage message, byte[] thumbnail)
            implements Outcome {
    }

    /** A tombstone: passes to the embeddings log and the thumbnails topic as a tombstone. */
    record Deleted(ConsumerRecord<byte[], byte[]> source, String imageId) implements Outcome {
    }

    /** Refused: goes to the dead-letter topic; {@code imageId} is null when the key itself was the problem. */
    record Rejected(ConsumerRecord<byte[], byte[]> source, String imageId, Rejection rejection) implements Outcome {
    }
}
