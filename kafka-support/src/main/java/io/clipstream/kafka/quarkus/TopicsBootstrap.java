package io.clipstream.kafka.quarkus;

import io.clipstream.kafka.TopicCreator;
import io.clipstream.kafka.clients.KafkaAccessException;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.topics.TopicUse;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.jboss.logging.Logger;

/**
 * The start-up of every service (and of the one-JVM mode, for all the services it runs): asks Kafka before the
 * channels and Kafka Streams start, and creates the missing topics the services declared ({@link TopicUse}) with the
 * plan's partitions and policies. A cluster that refuses the credentials, the TLS handshake or the permission stops
 * the start with one line naming the listener and the mechanism: that never heals by retrying. A cluster that does
 * not answer stops a service that requires it and is logged by the others (their producers retry).
 */
@ApplicationScoped
public class TopicsBootstrap {

    private static final Logger LOG = Logger.getLogger(TopicsBootstrap.class);
    private static final long REQUIRED_TIMEOUT_MS = 60_000;
    private static final long OPTIONAL_TIMEOUT_MS = 30_000;

    @Inject
    KafkaClientFactory kafka;

    @Inject
    @Any
    Instance<TopicUse> uses;

    // Before SmallRye Reactive Messaging starts its channels (priority 1000) and Kafka Streams starts.
    void onStart(@Observes @Priority(500) StartupEvent event) throws InterruptedException {
        List<TopicUse> all = uses.stream().toList();
        if (all.isEmpty()) {
            return;
        }
        String services = all.stream().map(TopicUse::service).collect(Collectors.joining(", "));
        boolean required = all.stream().anyMatch(TopicUse::required);
        Map<String, NewTopic> wanted = new LinkedHashMap<>();
        all.stream().filter(TopicUse::create).flatMap(use -> use.topics().stream())
                .forEach(spec -> wanted.putIfAbsent(spec.name(), spec.newTopic()));
        try {
            // With nothing to create this still asks for the topic list: credentials are checked at start.
            TopicCreator.ensure(kafka, wanted.values(), required ? REQUIRED_TIMEOUT_MS : OPTIONAL_TIMEOUT_MS);
        } catch (ExecutionException | TimeoutException e) {
            Optional<KafkaAccessException> refused = KafkaAccessException.of(e, kafka,
                    "create the topics of the " + services);
            if (refused.isPresent()) {
                LOG.error(refused.get().getMessage());
                throw refused.get();
            }
            String message = "cannot create the topics of the " + services + " on " + kafka.describe() + ": "
                    + e.getMessage();
            if (required) {
                throw new IllegalStateException(message, e);
            }
            LOG.errorf("%s; the producers will retry", message);
        }
    }
}
