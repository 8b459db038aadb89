package io.clipstream.trainer.cycle;

import io.clipstream.trainer.job.JobProgress;
import io.clipstream.trainer.learn.EpochSummary;
import org.jboss.logging.Logger;

/** Progress of a long run in the log: each phase, and each epoch with its loss, rate and time left. */
final class LoggedProgress implements JobProgress {

    private static final Logger LOG = Logger.getLogger(LoggedProgress.class);

    private final String runId;

    LoggedProgress(String runId) {
        this.runId = runId;
    }

    @Override
    public void onPhase(String description) {
        LOG.infof("run %s: %s", runId, description);
    }

    @Override
    public void onEpoch(EpochSummary s) {
        double left = s.seconds() * (s.epochs() - s.epoch());
        LOG.infof("run %s: epoch %d/%d (%.0f%%) loss %.4f, %.0f pairs/s, logit scale %.1f%s, about %.0f s left",
                runId, s.epoch(), s.epochs(), 100.0 * s.epoch() / s.epochs(), s.loss(), s.pairsPerSecond(),
                s.logitScale(), s.hardNegatives() ? ", hard negatives" : "", left);
    }
}
