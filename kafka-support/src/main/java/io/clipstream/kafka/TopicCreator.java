package io.clipstream.kafka;

import io.clipstream.kafka.clients.KafkaClientFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates topics before anything uses them, so that nothing auto-creates them with the wrong settings (a log that
 * must be compacted, say), and checks what a join needs. Existing topics are left alone; compacted ones are
 * checked and a wrong cleanup policy is logged, since changing a live topic is an operator's decision.
 */
public final class TopicCreator {

    private static final Logger LOG = Logger.getLogger(TopicCreator.class);

    public static final Map<String, String> COMPACT = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT);
    public static final Map<String, String> DELETE = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_DELETE);

    private TopicCreator() {
    }

    /**
     * Creates the missing ones among {@code topics}; a topic another instance created meanwhile counts as there.
     *
     * @return the names of the topics this call created
     * @throws ExecutionException when Kafka refuses a request (its cause says why)
     * @throws TimeoutException when Kafka does not answer within {@code timeoutMs}
     */
    public static Set<String> ensure(KafkaClientFactory kafka, Collection<NewTopic> topics, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = admin(kafka, timeoutMs)) {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            Set<String> created = new java.util.LinkedHashSet<>();
            for (NewTopic topic : topics) {
                if (existing.contains(topic.name())) {
                    if (isCompacted(topic)) {
                        warnUnlessCompacted(admin, topic.name(), timeoutMs);
                    }
                    continue;
                }
                try {
                    admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                    created.add(topic.name());
                    LOG.infof("created topic %s (%d partitions, %s)", topic.name(), topic.numPartitions(),
                            topic.configs());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return created;
        }
    }

    /**
     * The partition count of each of {@code topics}, which must exist and be co-partitioned (records with one key
     * meet in one task of a join).
     *
     * @throws IllegalStateException when their partition counts differ
     */
    public static Map<String, Integer> requireCoPartitioned(KafkaClientFactory kafka, Collection<String> topics,
                                                            long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> described;
        try (Admin admin = admin(kafka, timeoutMs)) {
            described = admin.describeTopics(topics).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        Map<String, Integer> counts = described.values().stream()
                .collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size()));
        if (counts.values().stream().distinct().count() > 1) {
            throw new IllegalStateException("topics " + topics + " must have the same number of partitions (they "
                    + "are joined partition by partition), but have " + counts);
        }
        return counts;
    }

    private static Admin admin(KafkaClientFactory kafka, long timeoutMs) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, timeoutMs);
        // The api timeout may not undercut the request timeout (30 s by default); Kafka would raise it anyway.
        return kafka.admin("topic-creator", Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeout, 30_000),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout));
    }

    private static boolean isCompacted(NewTopic topic) {
        return topic.configs() != null && TopicConfig.CLEANUP_POLICY_COMPACT.equals(
                topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG));
    }

    private static void warnUnlessCompacted(Admin admin, String topic, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config described = admin.describeConfigs(List.of(resource)).all().get(timeoutMs, TimeUnit.MILLISECONDS)
                .get(resource);
        String policy = described.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            LOG.warnf("topic %s has cleanup.policy=%s but should be compacted: retention would delete records that "
                    + "are the current state of their key (a replay would then miss them)", topic, policy);
        }
    }
}
