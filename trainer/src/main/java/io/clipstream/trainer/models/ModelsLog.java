package io.clipstream.trainer.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clipstream.events.EventJson;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.trainer.data.KafkaClients;
import io.clipstream.trainer.data.TopicScan;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * The compacted models topic: the published, activated and retired versions of every base model. Writes wait
 * for the broker's acknowledgement, so a caller that returns has made its change visible to every service.
 */
public final class ModelsLog {

    private static final Logger LOG = Logger.getLogger(ModelsLog.class);
    private static final long SEND_TIMEOUT_MS = 30_000;

    private final KafkaClients kafka;
    private final String topic;

    public ModelsLog(KafkaClients kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    public ModelsState read(String baseModelId) {
        ModelsState state = new ModelsState(baseModelId);
        try (KafkaConsumer<String, byte[]> consumer = kafka.reader("clipstream-trainer-models")) {
            TopicScan.all(consumer, topic, record -> {
                if (record.value() == null) {
                    try {
                        state.apply(record.key(), null);
                    } catch (IllegalArgumentException e) {
                        LOG.warnf("skipping models tombstone at offset %d: %s", record.offset(), e.getMessage());
                    }
                    return;
                }
                try {
                    state.apply(record.key(), EventJson.mapper().readValue(record.value(), ModelVersionEvent.class));
                } catch (IOException e) {
                    LOG.warnf("skipping unreadable models record %s at offset %d: %s", record.key(), record.offset(),
                            e.getMessage());
                }
            });
        }
        return state;
    }

    public void write(ModelVersionEvent event) {
        try {
            send(event.key(), EventJson.mapper().writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event, e);
        }
    }

    /** Marks a version retired: every indexer stops its projector and drops its collection. */
    public void retire(String baseModelId, int version) {
        send(ModelVersionEvent.publishedKey(baseModelId, version), null);
    }

    private void send(String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = kafka.producer("clipstream-trainer-models")) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + key + " to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write " + key + " to " + topic + ": " + e.getMessage(), e);
        }
    }
}
