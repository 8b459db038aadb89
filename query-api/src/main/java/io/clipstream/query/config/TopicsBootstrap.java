package io.clipstream.query.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the topics the query API writes before its channels start: impressions and clicks (kept by time, the
 * trainer reads windows of them) and the compacted models topic. A Kafka that is down at start-up is logged, not
 * fatal: searches work without it and the producers retry.
 */
@ApplicationScoped
public class TopicsBootstrap {

    private static final Logger LOG = Logger.getLogger(TopicsBootstrap.class);
    private static final long TIMEOUT_MS = 30_000;

    @Inject
    QueryConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    // Before SmallRye Reactive Messaging starts its channels (priority 1000).
    void onStart(@Observes @Priority(500) StartupEvent event) throws InterruptedException {
        QueryConfig.Topics topics = config.topics();
        if (!topics.create()) {
            return;
        }
        Map<String, String> delete = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        List<NewTopic> wanted = List.of(
                new NewTopic(topics.impressions(), topics.partitions(), topics.replicationFactor()).configs(delete),
                new NewTopic(topics.clicks(), topics.partitions(), topics.replicationFactor()).configs(delete),
                // One partition: activations of all base models stay in one order.
                new NewTopic(topics.models(), 1, topics.replicationFactor()).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS))) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            for (NewTopic topic : wanted.stream().filter(t -> !existing.contains(t.name())).toList()) {
                try {
                    admin.createTopics(List.of(topic)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    LOG.infof("created topic %s (%d partitions, %s)", topic.name(), topic.numPartitions(),
                            topic.configs());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.errorf("cannot create the query API's topics on %s: %s; the producers will retry",
                    bootstrapServers, e.getMessage());
        }
    }
}
