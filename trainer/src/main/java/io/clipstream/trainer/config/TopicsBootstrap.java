package io.clipstream.trainer.config;

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
 * Creates the compacted models topic when it is missing, for the service and one-off commands alike; the
 * click-pair topology creates its own topics when it starts.
 */
@ApplicationScoped
public class TopicsBootstrap {

    private static final Logger LOG = Logger.getLogger(TopicsBootstrap.class);
    private static final long TIMEOUT_MS = 30_000;
    @Inject
    TrainerConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    void onStart(@Observes @Priority(500) StartupEvent event) throws InterruptedException {
        TrainerConfig.Topics topics = config.topics();
        if (!topics.create()) {
            return;
        }
        List<NewTopic> wanted = List.of(
                // One partition: activations of all base models stay in one order.
                new NewTopic(topics.models(), 1, topics.replicationFactor()).configs(TopicCreator.COMPACT));
        try {
            TopicCreator.ensure(bootstrapServers, wanted, TIMEOUT_MS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.errorf("cannot create the trainer's topics on %s: %s", bootstrapServers, e.getMessage());
        }
    }
}
