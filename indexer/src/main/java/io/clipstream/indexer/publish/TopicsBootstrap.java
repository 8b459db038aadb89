package io.clipstream.indexer.publish;

import io.clipstream.indexer.config.IndexerConfig;
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
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the indexer's topics before the Kafka channels start (so nothing auto-creates them with the wrong
 * settings): the embeddings log, images.indexed and the thumbnails compacted, uploads and dead letters with
 * deletion.
 */
@ApplicationScoped
public class TopicsBootstrap {

    private static final Logger LOG = Logger.getLogger(TopicsBootstrap.class);
    private static final long TIMEOUT_MS = 60_000;

    @Inject
    IndexerConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    // Runs before SmallRye Reactive Messaging starts its channels (which observes at priority 1000).
    void onStart(@Observes @Priority(500) StartupEvent event) throws InterruptedException {
        IndexerConfig.Topics topics = config.topics();
        if (!topics.create()) {
            return;
        }
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Map<String, String> delete = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        String embeddings = topics.embeddings(config.model().id());
        List<NewTopic> wanted = List.of(
                topic(topics.uploaded(), delete),
                topic(topics.uploadedDlq(), delete),
                topic(embeddings, compact),
                topic(embeddings + ".dlq", delete),
                topic(topics.indexed(), compact),
                topic(topics.thumbnails(), compact));
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
            for (String log : List.of(embeddings, topics.thumbnails())) {
                if (existing.contains(log)) {
                    warnUnlessCompacted(admin, log);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the indexer's topics on " + bootstrapServers + ": "
                    + e.getMessage(), e);
        }
    }

    private NewTopic topic(String name, Map<String, String> configs) {
        return new NewTopic(name, config.topics().partitions(), config.topics().replicationFactor()).configs(configs);
    }

    private static void warnUnlessCompacted(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config described = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .get(resource);
        String policy = described.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            LOG.warnf("topic %s has cleanup.policy=%s; it should be compacted, or a replay (a new model version, a "
                    + "new query-api replica) will miss images whose records were deleted by retention", topic, policy);
        }
    }
}
