package io.clipstream.versions;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clipstream.events.EventJson;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.kafka.clients.KafkaClientFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes to the models topic under the right key and waits for the broker's acknowledgement, so a caller that
 * returns has made its change visible to every service. One idempotent producer for the writer's life.
 */
public final class ModelsWriter implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration ackTimeout;

    public ModelsWriter(Producer<String, byte[]> producer, String topic, Duration ackTimeout) {
        this.producer = producer;
        this.topic = topic;
        this.ackTimeout = ackTimeout;
    }

    public static ModelsWriter create(KafkaClientFactory kafka, String clientName, String topic, Duration ackTimeout) {
        return new ModelsWriter(kafka.producer(clientName, new StringSerializer(), new ByteArraySerializer(),
                Map.of()), topic, ackTimeout);
    }

    public String topic() {
        return topic;
    }

    public void write(ModelVersionEvent event) throws InterruptedException {
        try {
            send(ModelsKeys.of(event), EventJson.mapper().writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event, e);
        }
    }

    /** Marks a version retired: every indexer stops its projector and drops its collection. */
    public void retire(String baseModelId, int version) throws InterruptedException {
        send(ModelsKeys.version(baseModelId, version), null);
    }

    private void send(String key, byte[] value) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KafkaException e) {
            // Refused before it was sent (no metadata in max.block.ms, producer closed).
            throw new ModelsUnavailableException("cannot write " + key + " to " + topic + ": " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new ModelsUnavailableException("cannot write " + key + " to " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new ModelsUnavailableException("Kafka did not acknowledge " + key + " on " + topic + " within "
                    + ackTimeout.toMillis() + " ms", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
