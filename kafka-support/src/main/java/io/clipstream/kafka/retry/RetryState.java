package io.clipstream.kafka.retry;

import java.time.Duration;

/**
 * One retry loop's run of failures over a {@link Backoff}: the delay before the next attempt, whether a failure or
 * a success changed the loop's state (so that it logs once per change, not once per attempt), and whether its
 * budget of consecutive failures is spent (so that no loop retries an unknown failure forever). Not thread-safe:
 * one loop, one thread.
 */
public final class RetryState {

    private final Backoff backoff;
    private final int budget;
    private int failures;

    /** @param budget consecutive failures allowed before {@link #exhausted()}; 0 for none (classified outages) */
    public RetryState(Backoff backoff, int budget) {
        if (budget < 0) {
            throw new IllegalArgumentException("budget must be >= 0, got " + budget);
        }
        this.backoff = backoff;
        this.budget = budget;
    }

    /** Records a failure; true if it is the first of a run (the loop was fine until now). */
    public boolean failed() {
        failures++;
        return failures == 1;
    }

    /** Records a success; true if it ends a run of failures. */
    public boolean succeeded() {
        boolean recovered = failures > 0;
        failures = 0;
        return recovered;
    }

    /** The delay before the next attempt, after {@link #failed()}. */
    public Duration nextDelay() {
        return backoff.delay(Math.max(0, failures - 1));
    }

    /** True once the budget of consecutive failures is spent. */
    public boolean exhausted() {
        return budget > 0 && failures >= budget;
    }

    public boolean failing() {
        return failures > 0;
    }

    public int failures() {
        return failures;
    }
}
