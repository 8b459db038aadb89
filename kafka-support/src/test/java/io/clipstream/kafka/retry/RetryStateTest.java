package io.clipstream.kafka.retry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryStateTest {

    @Test
    void aRunOfFailuresChangesStateOnceAndBacksOffExponentially() {
        RetryState state = new RetryState(Backoff.ofMillis(100, 1_000), 0);
        assertThat(state.succeeded()).as("nothing to recover from").isFalse();

        assertThat(state.failed()).as("first failure of a run").isTrue();
        assertThat(state.nextDelay().toMillis()).isBetween(50L, 100L);
        assertThat(state.failed()).as("the same run goes on").isFalse();
        assertThat(state.nextDelay().toMillis()).isBetween(100L, 200L);
        for (int i = 0; i < 20; i++) {
            state.failed();
        }
        assertThat(state.nextDelay().toMillis()).isBetween(500L, 1_000L);
        assertThat(state.exhausted()).as("no budget: outages are retried as long as they last").isFalse();

        assertThat(state.succeeded()).as("the run ends").isTrue();
        assertThat(state.failing()).isFalse();
        assertThat(state.failed()).as("a new run").isTrue();
    }

    @Test
    void aBudgetIsSpentByConsecutiveFailuresOnly() {
        RetryState state = new RetryState(Backoff.ofMillis(10, 100), 3);
        state.failed();
        state.failed();
        state.succeeded();
        state.failed();
        state.failed();
        assertThat(state.exhausted()).isFalse();
        state.failed();
        assertThat(state.exhausted()).isTrue();
        assertThat(state.failures()).isEqualTo(3);
    }
}
