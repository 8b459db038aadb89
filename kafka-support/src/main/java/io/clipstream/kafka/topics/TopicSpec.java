package io.clipstream.kafka.topics;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** One topic of the plan: its name, partitions, replication and topic configs (cleanup policy, retention). */
public record TopicSpec(TopicRole role, String name, int partitions, short replicationFactor,
                        Map<String, String> configs) {

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the " + role + " topic has no name");
        }
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition and one replica, got "
                    + partitions + " and " + replicationFactor);
        }
        configs = Map.copyOf(configs);
    }

    public String cleanupPolicy() {
        return configs.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    }

    public boolean compacted() {
        return TopicConfig.CLEANUP_POLICY_COMPACT.equals(cleanupPolicy());
    }

    public NewTopic newTopic() {
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }
}
