package io.clipstream.kafka.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one delay policy of every retry loop: exponential from {@code initial} up to {@code max}, with jitter (a
 * uniformly random delay in the upper half of the exponential bound) so that replicas retrying the same outage
 * do not hammer it in step, while a retry never comes much sooner than the bound says. Immutable; a loop keeps its own attempt count and resets it after a success.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    public static Backoff ofMillis(long initialMs, long maxMs) {
        return new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(maxMs));
    }

    /** The upper bound of the delay before retry number {@code attempt} (0-based): initial × 2^attempt, capped. */
    public Duration bound(int attempt) {
        long initialMs = initial.toMillis();
        long maxMs = max.toMillis();
        int shift = Math.min(Math.max(attempt, 0), 30);
        long bound = initialMs << shift;
        return Duration.ofMillis(bound <= 0 || bound > maxMs ? maxMs : bound);
    }

    /** The delay before retry number {@code attempt}: uniform in [bound / 2, bound], never zero. */
    public Duration delay(int attempt) {
        long bound = bound(attempt).toMillis();
        long half = Math.max(1, bound / 2);
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(bound - half + 1));
    }

    /** Sleeps for {@link #delay(int)}; keeps the interrupt and rethrows it. */
    public void sleep(int attempt) throws InterruptedException {
        Thread.sleep(delay(attempt));
    }
}
