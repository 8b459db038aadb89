package io.clipstream.kafka.topics;

import io.clipstream.kafka.naming.Names;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every topic of a clipstream deployment with its partitions and policies, from the shared {@link TopicsConfig}
 * and the model id: what the services' start-up creates (each the roles it uses), what the compose
 * {@code kafka-init} creates (through {@code clipstream topics create}) and what the compose test holds them to.
 *
 * <p>Compacted where the log is the current state per key (embeddings, image status, thumbnails, model versions,
 * pair statistics, duplicates and their dismissals); kept by time where it is a history. {@link #CO_PARTITIONED} topics have the same partition
 * count (the click-pair topology joins them by search id, one task per partition); the models topic has one
 * partition, so the versions of all models stay in one order.
 */
public final class TopicPlan {

    /** Topics joined partition by partition: they must have the same partition count. */
    public static final Set<TopicRole> CO_PARTITIONED = Set.of(TopicRole.IMPRESSIONS, TopicRole.CLICKS);

    static final long DEAD_LETTER_RETENTION_MS = 30L * 24 * 3600 * 1000;
    static final long SEARCH_LOG_RETENTION_MS = 7L * 24 * 3600 * 1000;
    static final long CLICK_PAIRS_RETENTION_MS = 365L * 24 * 3600 * 1000;

    private final Map<TopicRole, TopicSpec> topics;

    private TopicPlan(Map<TopicRole, TopicSpec> topics) {
        this.topics = topics;
    }

    public static TopicPlan of(TopicsConfig config, String modelId) {
        int n = config.partitions();
        short rf = config.replicationFactor();
        String embeddings = config.embeddings(modelId);
        Map<TopicRole, TopicSpec> t = new EnumMap<>(TopicRole.class);
        put(t, TopicRole.UPLOADS, config.uploaded(), n, rf, deleteAfter(config.uploadedRetentionMs()));
        // Dead letters: a month for an operator to look at them.
        put(t, TopicRole.UPLOADS_DLQ, config.uploadedDlq(), n, rf, deleteAfter(DEAD_LETTER_RETENTION_MS));
        put(t, TopicRole.EMBEDDINGS, embeddings, n, rf, compact());
        put(t, TopicRole.EMBEDDINGS_DLQ, Names.deadLetterTopic(embeddings), n, rf,
                deleteAfter(DEAD_LETTER_RETENTION_MS));
        put(t, TopicRole.INDEXED, config.indexed(), n, rf, compact());
        put(t, TopicRole.THUMBNAILS, config.thumbnails(), n, rf, compact());
        put(t, TopicRole.MODELS, config.models(), 1, rf, compact());
        // Search logs: the click-pair topology consumes them as they come; a week is room for an outage.
        put(t, TopicRole.IMPRESSIONS, config.impressions(), n, rf, deleteAfter(SEARCH_LOG_RETENTION_MS));
        put(t, TopicRole.CLICKS, config.clicks(), n, rf, deleteAfter(SEARCH_LOG_RETENTION_MS));
        // Click pairs are the training data: a year, longer than any training window.
        put(t, TopicRole.CLICK_PAIRS, config.clickPairs(), n, rf, deleteAfter(CLICK_PAIRS_RETENTION_MS));
        put(t, TopicRole.PAIR_STATS, config.pairStats(), n, rf, compact());
        put(t, TopicRole.DUPLICATES, config.duplicates(), n, rf, compact());
        put(t, TopicRole.DUPLICATE_DISMISSALS, config.duplicateDismissals(), n, rf, compact());
        return new TopicPlan(t);
    }

    public TopicSpec get(TopicRole role) {
        return topics.get(role);
    }

    public String name(TopicRole role) {
        return get(role).name();
    }

    /** Every topic, in role order. */
    public List<TopicSpec> all() {
        return List.copyOf(topics.values());
    }

    /** The topics of {@code roles}, in role order. */
    public List<TopicSpec> select(Collection<TopicRole> roles) {
        return topics.values().stream().filter(s -> roles.contains(s.role())).toList();
    }

    private static void put(Map<TopicRole, TopicSpec> topics, TopicRole role, String name, int partitions,
                            short replicationFactor, Map<String, String> configs) {
        topics.put(role, new TopicSpec(role, name, partitions, replicationFactor, configs));
    }

    private static Map<String, String> compact() {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    private static Map<String, String> deleteAfter(long retentionMs) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
        return configs;
    }
}
