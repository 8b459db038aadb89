package io.clipstream.trainer.cycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Runs at most one training cycle at a time in this process, whoever asks (scheduler, admin call, one-off
 * command); a request while one runs is refused rather than queued, since the next cycle would see the same data.
 */
@ApplicationScoped
public class CycleRunner {

    private static final Logger LOG = Logger.getLogger(CycleRunner.class);

    // Lazy: the cycle loads the text tower, which the service does not need until the first run.
    @Inject
    Instance<TrainingCycle> cycle;

    @Inject
    MeterRegistry meters;

    private final AtomicReference<CompletableFuture<CycleResult>> running = new AtomicReference<>();
    private volatile CycleResult last;

    /** Runs a cycle on the calling thread; empty when one is already running. */
    public Optional<CycleResult> runNow(String trigger) {
        CompletableFuture<CycleResult> mine = new CompletableFuture<>();
        if (!running.compareAndSet(null, mine)) {
            LOG.infof("a training cycle is already running; the %s request is skipped", trigger);
            return Optional.empty();
        }
        try {
            LOG.infof("training cycle started (%s)", trigger);
            CycleResult result = cycle.get().run();
            last = result;
            count(result.published() ? "published" : "refused");
            mine.complete(result);
            return Optional.of(result);
        } catch (RuntimeException | Error e) {
            count("failed");
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.set(null);
        }
    }

    /** Starts a cycle on a new thread; empty when one is already running. */
    public Optional<CompletableFuture<CycleResult>> start(String trigger) {
        if (running.get() != null) {
            return Optional.empty();
        }
        CompletableFuture<CycleResult> future = new CompletableFuture<>();
        Thread.ofPlatform().name("training-cycle").start(() -> {
            try {
                runNow(trigger).ifPresentOrElse(future::complete,
                        () -> future.completeExceptionally(new IllegalStateException("a cycle is already running")));
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "training cycle (%s) failed", trigger);
                future.completeExceptionally(e);
            }
        });
        return Optional.of(future);
    }

    /** Registers the run counters at start-up, so dashboards see zeros before the first run. */
    void onStart(@Observes StartupEvent event) {
        for (String outcome : new String[] {"published", "refused", "failed"}) {
            counter(outcome);
        }
    }

    private void count(String outcome) {
        counter(outcome).increment();
    }

    private Counter counter(String outcome) {
        return Counter.builder("clipstream.trainer.runs").description("Training cycles by outcome")
                .tag("outcome", outcome).register(meters);
    }

    public boolean isRunning() {
        return running.get() != null;
    }

    public Optional<CycleResult> last() {
        return Optional.ofNullable(last);
    }
}
