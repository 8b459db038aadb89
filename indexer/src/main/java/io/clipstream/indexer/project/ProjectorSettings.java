package io.clipstream.indexer.project;

import io.clipstream.kafka.retry.Backoff;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How one version's {@link ProjectorRuntime} consumes the embeddings log.
 *
 * @param topic the embeddings log
 * @param groupId the version's consumer group, see {@link ProjectorGroup}
 * @param clientName names the consumer (the client id is built by the Kafka client factory)
 * @param maxPollIntervalMs longest gap between polls while a batch is written; store outages do not count, the
 *                          runtime keeps polling with its partitions paused while it retries the store
 * @param storeBackoff delays between retries of a store call while the store is out (retried as long as it lasts)
 * @param failureBackoff delays before a failed batch is consumed again (adapters not loadable yet, Kafka errors)
 * @param maxFailedBatches failed batches in a row, other than missing adapters, after which the runtime dies
 *                         (liveness DOWN: a restart is the remedy)
 */
public record ProjectorSettings(String topic, String groupId, String clientName, int maxPollRecords,
                                int sessionTimeoutMs, int maxPollIntervalMs, Backoff storeBackoff,
                                Backoff failureBackoff, int maxFailedBatches) {

    /** How long one poll waits for records; also the slice in which a paused runtime polls while it waits. */
    static final Duration POLL = Duration.ofMillis(500);

    public ProjectorSettings {
        if (maxPollRecords < 1 || maxFailedBatches < 1) {
            throw new IllegalArgumentException("max poll records and max failed batches must be >= 1");
        }
        if (maxPollIntervalMs <= POLL.toMillis()) {
            throw new IllegalArgumentException("max poll interval must exceed " + POLL.toMillis() + " ms, got "
                    + maxPollIntervalMs);
        }
    }

    /** The consumer's own settings; the factory adds the common ones (bootstrap, security, no auto-commit). */
    Map<String, Object> consumerOverrides() {
        return Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, sessionTimeoutMs / 3),
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, maxPollIntervalMs);
    }
}
