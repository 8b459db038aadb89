package io.clipstream.trainer.service;

import io.clipstream.trainer.cycle.CycleRunner;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** The periodic cycle of the long-running service (cron {@code clipstream.trainer.cron}, "off" disables it). */
@ApplicationScoped
public class TrainingScheduler {

    private static final Logger LOG = Logger.getLogger(TrainingScheduler.class);

    @Inject
    CycleRunner runner;

    @Inject
    ServiceMode mode;

    @Scheduled(identity = "training-cycle", cron = "${clipstream.trainer.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!mode.isService()) {
            return;
        }
        try {
            runner.runNow("schedule");
        } catch (RuntimeException e) {
            // The next tick tries again; the scheduler must survive a failed run (Kafka or the store down).
            LOG.errorf(e, "the scheduled training cycle failed");
        }
    }
}
