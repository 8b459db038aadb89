package io.clipstream.kafka.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = Backoff.ofMillis(100, 5_000);

    @Test
    void boundsDoubleUpToTheMaximum() {
        assertThat(backoff.bound(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.bound(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.bound(5)).isEqualTo(Duration.ofMillis(3_200));
        assertThat(backoff.bound(6)).isEqualTo(Duration.ofMillis(5_000));
        assertThat(backoff.bound(1_000)).isEqualTo(Duration.ofMillis(5_000));
    }

    @Test
    void delaysAreJitteredInTheUpperHalfOfTheBound() {
        long distinct = java.util.stream.IntStream.range(0, 200).mapToLong(i -> backoff.delay(3).toMillis())
                .peek(d -> assertThat(d).isBetween(400L, 800L)).distinct().count();
        assertThat(distinct).isGreaterThan(20);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> Backoff.ofMillis(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.ofMillis(100, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
