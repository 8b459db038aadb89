package io.clipstream.trainer.pairs;

import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.naming.Names;
import io.clipstream.trainer.config.TrainerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link ClickPairStreams} runs the topology.
 *
 * @param kafka builds its Kafka Streams settings (the cluster's security settings included)
 * @param topics the topology's topics: its inputs are checked for co-partitioning before it starts
 * @param replicationFactor of Kafka Streams' internal topics (changelogs, repartition topic)
 * @param clientOverrides further Kafka Streams or client settings, applied last (tests shorten timeouts here)
 */
public record ClickPairStreamsSettings(
        KafkaClientFactory kafka,
        String applicationId,
        Path stateDir,
        ClickPairTopics topics,
        short replicationFactor,
        Map<String, Object> clientOverrides) {

    public ClickPairStreamsSettings {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(topics, "topics");
        clientOverrides = Map.copyOf(clientOverrides);
    }

    public static ClickPairStreamsSettings from(TrainerConfig config, KafkaClientFactory kafka) {
        String applicationId = config.pairs().applicationId()
                .orElseGet(() -> Names.clickPairsApplicationId(config.model().id()));
        return new ClickPairStreamsSettings(kafka, applicationId, config.pairs().stateDir(),
                ClickPairTopics.from(config.topics()), config.topics().replicationFactor(), Map.of());
    }
}
