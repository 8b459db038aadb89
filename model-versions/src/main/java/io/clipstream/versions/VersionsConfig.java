package io.clipstream.versions;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The {@code clipstream.versions.*} settings every service reads (a group of their configuration mappings). */
public interface VersionsConfig {

    /** Delay before the models follower reads the topic again after its first failure; doubles from there. */
    @WithDefault("1000")
    long retryInitialBackoffMs();

    @WithDefault("30000")
    long retryMaxBackoffMs();

    /** How long one poll of the models topic waits: about how soon a new record is seen once the topic is read. */
    @WithDefault("250")
    long pollTimeoutMs();

    /**
     * How long an activation, a rollback or a version listing waits for Kafka: to read the models topic up to its
     * end, for the acknowledgement of its record, for a projector group's offsets.
     */
    @WithDefault("15000")
    long kafkaTimeoutMs();

    default Duration kafkaTimeout() {
        return Duration.ofMillis(kafkaTimeoutMs());
    }
}
