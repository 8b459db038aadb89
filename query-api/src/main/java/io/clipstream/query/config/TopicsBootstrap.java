package io.clipstream.query.config;

import io.clipstream.kafka.TopicCreator;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
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
        List<NewTopic> wanted = List.of(
                new NewTopic(topics.impressions(), topics.partitions(), topics.replicationFactor())
                        .configs(TopicCreator.DELETE),
                new NewTopic(topics.clicks(), topics.partitions(), topics.replicationFactor())
                        .configs(TopicCreator.DELETE),
                // One partition: activations of all base models stay in one order.
                new NewTopic(topics.models(), 1, topics.replicationFactor()).configs(TopicCreator.COMPACT));
        try {
            TopicCreator.ensure(bootstrapServers, wanted, TIMEOUT_MS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.errorf("cannot create the query API's topics on %s: %s; the producers will retry",
                    bootstrapServers, e.getMessage());
        }
    }
}
