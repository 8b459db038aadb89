package io.clipstream.indexer.project;

import io.clipstream.store.VectorStoreException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs store operations until they succeed: outages are retried with exponential backoff for as long as they
 * last, while the caller holds its batch (the Kafka consumer pauses meanwhile, so nothing is lost or skipped).
 * Refusals that will not change with time are rethrown at once.
 */
public final class RetryingStore {

    private static final Logger LOG = Logger.getLogger(RetryingStore.class);

    /** A store call. */
    @FunctionalInterface
    public interface Operation {
        void run();
    }

    private final StoreHealth health;
    private final long initialBackoffMs;
    private final long maxBackoffMs;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Object wakeUp = new Object();

    public RetryingStore(StoreHealth health, long initialBackoffMs, long maxBackoffMs) {
        this.health = health;
        this.initialBackoffMs = initialBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
    }

    /** Runs {@code operation}, retrying outages; returns the number of retries it took. */
    public int run(String what, Operation operation) throws InterruptedException {
        long backoff = initialBackoffMs;
        for (int retries = 0; ; retries++) {
            try {
                operation.run();
                if (retries > 0) {
                    LOG.infof("vector store is back: %s succeeded after %d retries", what, retries);
                }
                health.up();
                return retries;
            } catch (VectorStoreException e) {
                if (!e.retryable()) {
                    throw e;
                }
                health.down(e.getMessage());
                LOG.warnf("cannot %s (%s); consumption paused, retry %d in %d ms", what, e.getMessage(),
                        retries + 1, backoff);
                pause(backoff);
                backoff = Math.min(maxBackoffMs, backoff * 2);
            }
        }
    }

    /** Makes waiting retries give up, so that shutdown does not wait for the store. */
    public void stop() {
        stopping.set(true);
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void pause(long ms) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        synchronized (wakeUp) {
            for (long left = ms; left > 0 && !stopping.get();
                 left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                wakeUp.wait(left);
            }
        }
        if (stopping.get()) {
            throw new InterruptedException("shutting down while the vector store is unavailable");
        }
    }
}
