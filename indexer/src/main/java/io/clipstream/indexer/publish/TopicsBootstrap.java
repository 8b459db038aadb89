package io.clipstream.indexer.publish;

import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.kafka.TopicCreator;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the indexer's topics before the Kafka channels start (so nothing auto-creates them with the wrong
 * settings): the embeddings log, images.indexed, the thumbnails and the models topic compacted, uploads and dead
 * letters with deletion.
 */
@ApplicationScoped
public class TopicsBootstrap {

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
        String embeddings = topics.embeddings(config.model().id());
        List<NewTopic> wanted = List.of(
                topic(topics.uploaded(), TopicCreator.DELETE),
                topic(topics.uploadedDlq(), TopicCreator.DELETE),
                topic(embeddings, TopicCreator.COMPACT),
                topic(embeddings + ".dlq", TopicCreator.DELETE),
                topic(topics.indexed(), TopicCreator.COMPACT),
                topic(topics.thumbnails(), TopicCreator.COMPACT),
                // One partition, as the query API creates it: the versions of all models stay in one order.
                new NewTopic(topics.models(), 1, topics.replicationFactor()).configs(TopicCreator.COMPACT));
        try {
            TopicCreator.ensure(bootstrapServers, wanted, TIMEOUT_MS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the indexer's topics on " + bootstrapServers + ": "
                    + e.getMessage(), e);
        }
    }

    private NewTopic topic(String name, Map<String, String> configs) {
        return new NewTopic(name, config.topics().partitions(), config.topics().replicationFactor()).configs(configs);
    }
}
