package io.clipstream.trainer.cycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
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

    private final AtomicBoolean running = new AtomicBoolean();

    /** Runs a cycle on the calling thread; empty when one is already running. */
    public Optional<CycleResult> runNow(String trigger) {
        if (!running.compareAndSet(false, true)) {
            LOG.infof("a training cycle is already running; the %s request is skipped", trigger);
            return Optional.empty();
        }
        try {
            return Optional.of(execute(trigger));
        } finally {
            running.set(false);
        }
    }

    /** Starts a cycle on a new thread; false when one is already running. */
    public boolean start(String trigger) {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        Thread.ofPlatform().name("training-cycle").start(() -> {
            try {
                execute(trigger);
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "training cycle (%s) failed", trigger);
            } finally {
                running.set(false);
            }
        });
        return true;
    }

    private CycleResult execute(String trigger) {
        LOG.infof("training cycle started (%s)", trigger);
        try {
            CycleResult result = cycle.get().run();
            count(result.published() ? "published" : "refused");
            return result;
        } catch (RuntimeException | Error e) {
            count("failed");
            throw e;
        }
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
        return running.get();
    }
}
