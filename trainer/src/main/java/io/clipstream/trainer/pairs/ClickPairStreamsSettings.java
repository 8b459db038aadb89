package io.clipstream.trainer.pairs;

import io.clipstream.trainer.config.TrainerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link ClickPairStreams} runs the topology.
 *
 * @param topics the topology's topics: checked for co-partitioning, and created when {@code createTopics}
 * @param partitions partitions of the topics it creates
 * @param replicationFactor of the topics it creates and of Kafka Streams' internal topics
 * @param clientOverrides further Kafka Streams or client settings, applied last (tests shorten timeouts here)
 */
public record ClickPairStreamsSettings(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        ClickPairTopics topics,
        boolean createTopics,
        int partitions,
        short replicationFactor,
        Map<String, Object> clientOverrides) {

    public ClickPairStreamsSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(topics, "topics");
        clientOverrides = Map.copyOf(clientOverrides);
    }

    public static ClickPairStreamsSettings from(TrainerConfig config, String bootstrapServers) {
        return new ClickPairStreamsSettings(bootstrapServers, config.pairs().applicationId(), config.pairs().stateDir(),
                ClickPairTopics.from(config.topics()), config.topics().create(), config.topics().partitions(),
                config.topics().replicationFactor(), Map.of());
    }
}
