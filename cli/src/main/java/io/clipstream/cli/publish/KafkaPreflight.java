package io.clipstream.cli.publish;

import io.clipstream.kafka.TopicCreator;
import io.clipstream.kafka.clients.KafkaAccessException;
import io.clipstream.kafka.clients.KafkaClientFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Asks the cluster before producing: a producer facing an unreachable bootstrap or a missing topic would block
 * on metadata for max.block.ms per record; this answers within the connect timeout with a clear message.
 */
final class KafkaPreflight {

    private KafkaPreflight() {
    }

    static void check(KafkaClientFactory kafka, String topic, Duration timeout, boolean createTopic,
                      int partitions) throws PublishException, InterruptedException {
        String bootstrap = kafka.bootstrapServers();
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Admin admin;
        try {
            admin = kafka.admin("publish-preflight", Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs));
        } catch (KafkaException e) {
            // Typically "no resolvable bootstrap urls".
            throw unreachable(bootstrap, rootMessage(e), e);
        }
        try {
            admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            boolean exists;
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
                exists = true;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                exists = false;
            }
            if (!exists && createTopic) {
                TopicCreator.ensure(kafka, List.of(new NewTopic(topic, partitions, (short) 1)), timeoutMs);
            } else if (!exists) {
                throw new PublishException(PublishException.Kind.TOPIC_MISSING, "topic " + topic + " does not exist on "
                        + bootstrap + ": start the indexer once (it creates its topics), create it, or pass "
                        + "--create-topic", null);
            }
        } catch (TimeoutException e) {
            throw unreachable(bootstrap, "no answer within " + timeoutMs + " ms", e);
        } catch (KafkaException e) {
            throw new PublishException(PublishException.Kind.TOPIC_MISSING, "cannot create topic " + topic + " on "
                    + bootstrap + ": " + rootMessage(e), e);
        } catch (ExecutionException e) {
            Optional<KafkaAccessException> refused = KafkaAccessException.of(e, kafka, "publish to " + topic);
            if (refused.isPresent()) {
                throw new PublishException(PublishException.Kind.KAFKA_REFUSED, refused.get().getMessage(), e);
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(bootstrap, "no answer within " + timeoutMs + " ms", e);
            }
            throw new PublishException(PublishException.Kind.KAFKA_UNREACHABLE, "Kafka at " + bootstrap
                    + " refused the metadata request: " + rootMessage(e), e);
        } finally {
            admin.close(Duration.ofMillis(Math.min(timeoutMs, 2000)));
        }
    }

    private static PublishException unreachable(String bootstrap, String why, Throwable cause) {
        return new PublishException(PublishException.Kind.KAFKA_UNREACHABLE, "cannot reach Kafka at " + bootstrap
                + " (" + why + "): start a broker (./clipstream local starts one on localhost:9092) or pass "
                + "--bootstrap-servers", cause);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
