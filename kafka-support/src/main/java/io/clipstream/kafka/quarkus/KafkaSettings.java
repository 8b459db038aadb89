package io.clipstream.kafka.quarkus;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * {@code clipstream.kafka.*}: what the services add to the {@code kafka.*} client settings (which every client,
 * SmallRye channels included, receives as they are).
 */
@ConfigMapping(prefix = "clipstream.kafka")
public interface KafkaSettings {

    /**
     * This replica's stable id for static group membership ({@code group.instance.id} of every consumer that joins
     * a group): a replica restarted under the same id gets its partitions back at once instead of after its dead
     * predecessor's session timeout (45 s). Must differ between live replicas (the pod or container name); unset
     * means dynamic membership.
     */
    Optional<String> groupInstanceId();
}
