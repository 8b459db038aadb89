package io.clipstream.query.version;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.EventJson;
import io.clipstream.events.EventSchemas;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.VersionAdapters;
import io.clipstream.query.config.QueryConfig;
import io.clipstream.store.VectorStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Follows the compacted models topic from its beginning (no consumer group: every replica reads all of it) and
 * switches the active version on each ACTIVATED record of this base model. Until the records that existed at
 * start-up have been read the API is not ready, so it never answers with a version that was already replaced.
 */
@ApplicationScoped
public class ModelsTopicWatcher {

    private static final Logger LOG = Logger.getLogger(ModelsTopicWatcher.class);
    private static final Duration POLL = Duration.ofMillis(500);

    @Inject
    QueryConfig config;

    @Inject
    ActiveModelHolder holder;

    @Inject
    AdapterRegistry registry;

    @Inject
    VectorStore store;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private volatile boolean caughtUp;
    private volatile ModelVersionEvent lastActivation;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private Counter refused;

    // After the topics exist (TopicsBootstrap observes at 500).
    void onStart(@Observes @Priority(600) StartupEvent event) {
        refused = Counter.builder("clipstream.query.model.activations.refused")
                .description("ACTIVATED records that could not be applied (missing adapters or collection)")
                .register(meters);
        thread = Thread.ofPlatform().name("models-topic-watcher").daemon().start(this::run);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(10));
        }
    }

    /** True once every record present at start-up has been applied. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "clipstream-query-models");
        String topic = config.topics().models();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = awaitPartitions(c, topic);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> startupEnd = c.endOffsets(partitions);
            ModelVersionEvent pending = null;
            while (running) {
                for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                    ModelVersionEvent event = parse(record);
                    if (event != null) {
                        // While replaying, only the last activation matters: load adapters once.
                        pending = event;
                        if (caughtUp) {
                            apply(pending);
                            pending = null;
                        }
                    }
                }
                if (!caughtUp && partitions.stream().allMatch(p -> c.position(p) >= startupEnd.get(p))) {
                    if (pending != null) {
                        apply(pending);
                        pending = null;
                    }
                    caughtUp = true;
                    LOG.infof("models topic %s read; searches use %s v%d", topic, holder.baseModelId(),
                            holder.current().version());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "following models topic %s failed; the active version stays v%d and readiness is down",
                    topic, holder.current().version());
            caughtUp = false;
        } finally {
            consumer = null;
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c, String topic) {
        while (running) {
            try {
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
                }
                LOG.infof("models topic %s does not exist yet; waiting for it", topic);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warnf("Kafka at %s did not answer for the models topic %s; retrying", bootstrapServers, topic);
            }
        }
        return List.of();
    }

    /** The ACTIVATED record of this base model in {@code record}, or null for anything else. */
    private ModelVersionEvent parse(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || !ModelVersionEvent.activeKey(holder.baseModelId()).equals(record.key())) {
            return null;
        }
        try {
            JsonNode json = EventJson.mapper().readTree(record.value());
            List<String> problems = EventSchemas.get().validate(EventSchemas.MODEL_VERSION, json);
            if (!problems.isEmpty()) {
                LOG.errorf("ignoring invalid record at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), problems);
                refused.increment();
                return null;
            }
            ModelVersionEvent event = EventJson.mapper().treeToValue(json, ModelVersionEvent.class);
            return event.type() == ModelVersionEvent.Type.ACTIVATED ? event : null;
        } catch (IOException e) {
            LOG.errorf("ignoring unreadable record at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            refused.increment();
            return null;
        }
    }

    /** The last ACTIVATED record read (the one a rollback undoes), if any. */
    public Optional<ModelVersionEvent> lastActivation() {
        return Optional.ofNullable(lastActivation);
    }

    /** Switches to the activated version unless its adapters or collection are missing; then keeps serving. */
    void apply(ModelVersionEvent event) {
        lastActivation = event;
        if (event.version() == holder.current().version()) {
            return;
        }
        try {
            VersionAdapters adapters = registry.load(event.baseModelId(), event.version(), holder.dims());
            if (store.isReachable() && !store.collectionExists(event.collection())) {
                throw new IllegalStateException("collection " + event.collection() + " does not exist");
            }
            holder.switchTo(new ActiveModel(event.baseModelId(), event.version(), event.collection(), adapters,
                    event.time()));
        } catch (RuntimeException e) {
            refused.increment();
            LOG.errorf("cannot activate %s v%d, staying on v%d: %s", event.baseModelId(), event.version(),
                    holder.current().version(), e.getMessage());
        }
    }
}
