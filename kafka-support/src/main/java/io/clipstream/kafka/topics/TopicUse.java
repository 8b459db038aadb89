package io.clipstream.kafka.topics;

import java.util.List;
import java.util.Set;

/**
 * The topics one service uses, as it declares them to the shared start-up ({@code TopicsBootstrap}): which of the
 * plan's topics it creates when missing, and whether it can start at all while Kafka does not answer.
 *
 * @param service for messages, e.g. "indexer"
 * @param create whether missing topics are created (the service's {@code clipstream.topics.create})
 * @param required whether the service fails to start when Kafka does not answer (the indexer has nothing to do
 *     without it; the query API still searches)
 */
public record TopicUse(String service, List<TopicSpec> topics, boolean create, boolean required) {

    public TopicUse {
        topics = List.copyOf(topics);
    }

    public static TopicUse of(String service, TopicsConfig config, String modelId, Set<TopicRole> roles,
                              boolean required) {
        return new TopicUse(service, TopicPlan.of(config, modelId).select(roles), config.create(), required);
    }
}
