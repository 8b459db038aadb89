package io.clipstream.kafka.retry;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class FollowerFailuresTest {

    @Test
    void onlyFailuresAnotherTryCanCureAreRetried() {
        assertThat(FollowerFailures.retryable(new TimeoutException("slow"))).isTrue();
        assertThat(FollowerFailures.retryable(new DisconnectException("gone"))).isTrue();
        assertThat(FollowerFailures.retryable(new IllegalStateException("a listener failed"))).isTrue();

        assertThat(FollowerFailures.retryable(new SaslAuthenticationException("bad password"))).isFalse();
        assertThat(FollowerFailures.retryable(new TopicAuthorizationException("no ACL"))).isFalse();
        assertThat(FollowerFailures.retryable(new InvalidTopicException("bad name"))).isFalse();
        assertThat(FollowerFailures.retryable(new OutOfMemoryError())).isFalse();
        assertThat(FollowerFailures.retryable(new KafkaException("Failed to construct kafka consumer",
                new ConfigException("security.protocol", "BAD")))).as("found in the cause").isFalse();
    }
}
