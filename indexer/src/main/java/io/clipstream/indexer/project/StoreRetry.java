package io.clipstream.indexer.project;

import io.clipstream.kafka.retry.Backoff;
import io.clipstream.kafka.retry.RetryState;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.health.StoreHealth;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs one projector's store calls. Outages (a {@link VectorStoreException#retryable() retryable} failure:
 * transport, unavailable, timeout) are retried with the shared {@link Backoff} for as long as they last, while the
 * caller's {@link Pause} keeps its consumer in the group; refusals are thrown at once, for the caller to isolate.
 * Logs once when an outage starts and once when it ends, not per attempt, and tells {@link StoreHealth} each
 * outcome.
 */
public final class StoreRetry {

    private static final Logger LOG = Logger.getLogger(StoreRetry.class);

    /** What the caller does between two attempts: the projector pauses its partitions and keeps polling. */
    @FunctionalInterface
    public interface Pause {
        void hold(Duration delay) throws InterruptedException;
    }

    private final Backoff backoff;
    private final StoreHealth health;
    private final Counter retries;
    private final String owner;
    private boolean outage;

    /** @param owner names the projector in logs */
    public StoreRetry(Backoff backoff, StoreHealth health, Counter retries, String owner) {
        this.backoff = backoff;
        this.health = health;
        this.retries = retries;
        this.owner = owner;
    }

    /**
     * @throws VectorStoreException a refusal ({@link VectorStoreException.Kind#REFUSED}), never an outage
     * @throws InterruptedException when the wait is interrupted
     */
    public <T> T call(String what, Supplier<T> operation, Pause pause) throws InterruptedException {
        RetryState state = new RetryState(backoff, 0);
        while (true) {
            try {
                T result = operation.get();
                health.callSucceeded();
                if (outage) {
                    outage = false;
                    LOG.infof("%s: the vector store is back, %s succeeded after %d retries", owner, what,
                            state.failures());
                }
                return result;
            } catch (VectorStoreException e) {
                health.callFailed(e);
                if (!e.retryable()) {
                    throw e;
                }
                state.failed();
                retries.increment();
                if (!outage) {
                    outage = true;
                    LOG.warnf("%s: cannot %s, the vector store is unavailable (%s: %s); its partitions are paused "
                            + "and the call is retried with backoff until the store answers", owner, what, e.kind(),
                            e.getMessage());
                }
                pause.hold(state.nextDelay());
            }
        }
    }

    /** A call without result. */
    public void run(String what, Runnable operation, Pause pause) throws InterruptedException {
        call(what, () -> {
            operation.run();
            return null;
        }, pause);
    }

    /** Whether the last call of this projector ended in an outage that is still being retried. */
    public boolean inOutage() {
        return outage;
    }
}
