package io.clipstream.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates a service's topics before its channels start, so that nothing auto-creates them with the wrong settings
 * (a log that must be compacted, say). Existing topics are left alone; compacted ones are checked and a wrong
 * cleanup policy is logged, since changing a live topic is an operator's decision.
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
     * @throws ExecutionException when Kafka refuses a creation
     * @throws TimeoutException when Kafka does not answer within {@code timeoutMs}
     */
    public static void ensure(String bootstrapServers, List<NewTopic> topics, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs))) {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            for (NewTopic topic : topics) {
                if (existing.contains(topic.name())) {
                    if (isCompacted(topic)) {
                        warnUnlessCompacted(admin, topic.name(), timeoutMs);
                    }
                    continue;
                }
                try {
                    admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                    LOG.infof("created topic %s (%d partitions, %s)", topic.name(), topic.numPartitions(),
                            topic.configs());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
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
