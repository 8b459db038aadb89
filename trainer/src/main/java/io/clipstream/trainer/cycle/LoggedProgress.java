package io.clipstream.trainer.cycle;

import io.clipstream.trainer.job.JobProgress;
import io.clipstream.trainer.learn.TrainingCheck;
import java.util.Locale;
import org.jboss.logging.Logger;

/** Progress of a long run in the log: each phase, and each training check with its loss, rate and time left. */
final class LoggedProgress implements JobProgress {

    private static final Logger LOG = Logger.getLogger(LoggedProgress.class);

    private final String runId;
    private int previousStep;

    LoggedProgress(String runId) {
        this.runId = runId;
    }

    @Override
    public void onPhase(String description) {
        LOG.infof("run %s: %s", runId, description);
    }

    @Override
    public void onCheck(TrainingCheck c) {
        double secondsPerStep = c.seconds() / Math.max(1, c.step() - previousStep);
        previousStep = c.step();
        String validation = c.validation() == null ? ""
                : String.format(Locale.ROOT, ", validation nDCG@10 %.3f%s", c.validation(), c.best() ? " (best)" : "");
        LOG.infof("run %s: step %d of at most %d (epoch %d), loss %.4f, %.0f pairs/s, logit scale %.1f%s%s, "
                        + "at most %.0f s left", runId, c.step(), c.budgetSteps(), c.epoch(), c.loss(),
                c.pairsPerSecond(), c.logitScale(), c.hardNegatives() ? ", hard negatives" : "", validation,
                secondsPerStep * (c.budgetSteps() - c.step()));
    }
}
