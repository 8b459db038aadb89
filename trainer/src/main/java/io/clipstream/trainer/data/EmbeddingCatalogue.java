package io.clipstream.trainer.data;

import io.clipstream.events.EmbeddingMessage;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jboss.logging.Logger;

/**
 * Base image embeddings read from the compacted embeddings log: the training negatives and the evaluation
 * catalogue come from here, so no image goes through the backbone again.
 */
public final class EmbeddingCatalogue {

    private static final Logger LOG = Logger.getLogger(EmbeddingCatalogue.class);

    private final KafkaClients kafka;
    private final String topic;

    public EmbeddingCatalogue(KafkaClients kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** Every live image's base vector (the last record of an id wins; a tombstone removes it). */
    public Map<String, float[]> load() {
        Map<String, float[]> vectors = new HashMap<>();
        int[] malformed = {0};
        try (KafkaConsumer<String, byte[]> consumer = kafka.reader("clipstream-trainer-embeddings")) {
            long read = TopicScan.all(consumer, topic, record -> {
                if (record.key() == null) {
                    malformed[0]++;
                    return;
                }
                if (record.value() == null) {
                    vectors.remove(record.key());
                    return;
                }
                try {
                    vectors.put(record.key(), EmbeddingMessage.decode(record.value()).vector());
                } catch (IllegalArgumentException e) {
                    malformed[0]++;
                }
            });
            LOG.infof("read %d records of %s: %d images, %d malformed records skipped", read, topic, vectors.size(),
                    malformed[0]);
        }
        return vectors;
    }
}
