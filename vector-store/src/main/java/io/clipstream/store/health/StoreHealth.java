package io.clipstream.store.health;

import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * What a service knows of its vector store without asking it: the outcome of its own last store call (reported by
 * the caller) and of a background ping ({@link VectorStore#isReachable()}, which has its own short deadline), the
 * latest of the two winning. A ping still unanswered after its deadline counts as a failed one, so
 * {@link #snapshot()} never waits for the store: a health check answers at once, even during an outage.
 * Refusals ({@link VectorStoreException#retryable()} false) say nothing about the store's health and are ignored.
 * Until the store answered once, it is down.
 */
public final class StoreHealth implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StoreHealth.class);

    /** @param reason why the store is down; null while it is up */
    public record Snapshot(boolean up, String reason, Instant since) {
    }

    /** One word on the store, from a call or a ping. */
    private record Outcome(boolean ok, String reason, Instant at) {
    }

    private final VectorStore store;
    private final Duration pingInterval;
    private final Duration pingDeadline;
    private final Clock clock;
    private final ScheduledExecutorService pinger;
    private volatile Outcome last;
    private volatile Instant pingStarted;
    private Snapshot reported;
    private Boolean loggedUp;

    /**
     * @param pingInterval time between the end of a ping and the start of the next
     * @param pingDeadline how long a ping may stay unanswered before the store counts as down
     */
    public StoreHealth(VectorStore store, Duration pingInterval, Duration pingDeadline) {
        this(store, pingInterval, pingDeadline, Clock.systemUTC());
    }

    StoreHealth(VectorStore store, Duration pingInterval, Duration pingDeadline, Clock clock) {
        if (pingInterval.isNegative() || pingInterval.isZero() || pingDeadline.isNegative() || pingDeadline.isZero()) {
            throw new IllegalArgumentException("ping interval and deadline must be positive");
        }
        this.store = store;
        this.pingInterval = pingInterval;
        this.pingDeadline = pingDeadline;
        this.clock = clock;
        this.pinger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "vector-store-ping");
            thread.setDaemon(true);
            return thread;
        });
        this.reported = new Snapshot(false, "no answer from " + store.location() + " yet", clock.instant());
    }

    /** Where the store lives, for health checks and logs. */
    public String location() {
        return store.location();
    }

    /** Starts pinging in the background; the first ping runs at once. */
    public StoreHealth start() {
        pinger.scheduleWithFixedDelay(this::ping, 0, pingInterval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The caller's store call succeeded. */
    public void callSucceeded() {
        record(new Outcome(true, null, clock.instant()));
    }

    /** The caller's store call failed; only outages count. */
    public void callFailed(VectorStoreException e) {
        if (e.retryable()) {
            record(new Outcome(false, e.getMessage(), clock.instant()));
        }
    }

    /** The store's health now, from what is known; never calls the store. */
    public Snapshot snapshot() {
        Instant started = pingStarted;
        Instant now = clock.instant();
        if (started != null && Duration.between(started, now).compareTo(pingDeadline) > 0) {
            String reason = store.location() + " did not answer a ping within " + pingDeadline.toMillis() + " ms";
            log(false, reason);
            return transition(false, reason, started.plus(pingDeadline));
        }
        Outcome outcome = last;
        if (outcome == null) {
            return transition(false, "no answer from " + store.location() + " yet", now);
        }
        return transition(outcome.ok(), outcome.reason(), outcome.at());
    }

    /** One ping now, on the caller's thread; the background pings call this. */
    void ping() {
        pingStarted = clock.instant();
        Outcome outcome;
        try {
            outcome = store.isReachable() ? new Outcome(true, null, clock.instant())
                    : new Outcome(false, store.location() + " does not answer", clock.instant());
        } catch (RuntimeException e) {
            outcome = new Outcome(false, store.location() + " does not answer: " + e.getMessage(), clock.instant());
        }
        pingStarted = null;
        record(outcome);
    }

    private void record(Outcome outcome) {
        last = outcome;
        log(outcome.ok(), outcome.reason());
        transition(outcome.ok(), outcome.reason(), outcome.at());
    }

    /** The snapshot for this state, keeping the time of the last change. */
    private synchronized Snapshot transition(boolean up, String reason, Instant at) {
        if (reported.up() != up) {
            reported = new Snapshot(up, reason, at);
        } else if (!up) {
            reported = new Snapshot(false, reason, reported.since());
        }
        return reported;
    }

    /** Logs each change of what the store's answers say, once. */
    private synchronized void log(boolean up, String reason) {
        if (loggedUp != null && loggedUp == up) {
            return;
        }
        if (up) {
            LOG.infof(loggedUp == null ? "vector store %s answers" : "vector store %s is reachable again",
                    store.location());
        } else {
            LOG.warnf("vector store %s is down: %s", store.location(), reason);
        }
        loggedUp = up;
    }

    @Override
    public void close() {
        pinger.shutdownNow();
    }
}
