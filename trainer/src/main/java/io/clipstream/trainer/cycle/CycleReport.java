package io.clipstream.trainer.cycle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.trainer.job.TrainingReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The report of one cycle, written as JSON whether or not a version was published: the window, what was read,
 * the training report (metrics before and after, how the step budget was spent, gate decision and reasons), what
 * happened after, and for a refusal {@code refusedBecause}: only the checks that failed, with their numbers.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
final class CycleReport {

    private final String runId;
    private final String baseModelId;
    private final Instant started;
    private final Instant windowFrom;
    private final Instant windowTo;
    private final int pairsInWindow;
    private final int unreadablePairs;
    private final int catalogueSize;
    private final int guardrailQueries;
    private final long readMillis;
    private Instant finished;
    private boolean published;
    private Integer version;
    private Integer parentVersion;
    private String registryDir;
    private Long reindexWaitMillis;
    private Boolean reindexCaughtUp;
    private ModelVersionEvent activation;
    private List<Integer> retired;
    private List<String> outcome;
    private String refusedBeforeTraining;
    private List<String> refusedBecause;
    private TrainingReport training;

    CycleReport(String runId, String baseModelId, Instant started, Instant windowFrom, Instant windowTo,
                int pairsInWindow, int unreadablePairs, int catalogueSize, int guardrailQueries, long readMillis) {
        this.runId = runId;
        this.baseModelId = baseModelId;
        this.started = started;
        this.windowFrom = windowFrom;
        this.windowTo = windowTo;
        this.pairsInWindow = pairsInWindow;
        this.unreadablePairs = unreadablePairs;
        this.catalogueSize = catalogueSize;
        this.guardrailQueries = guardrailQueries;
        this.readMillis = readMillis;
    }

    String runId() {
        return runId;
    }

    Instant windowFrom() {
        return windowFrom;
    }

    Instant windowTo() {
        return windowTo;
    }

    int pairsInWindow() {
        return pairsInWindow;
    }

    Integer version() {
        return version;
    }

    ModelVersionEvent activation() {
        return activation;
    }

    TrainingReport training() {
        return training;
    }

    void refused(String reason) {
        refusedBeforeTraining = reason;
        refusedBecause = List.of(reason);
    }

    /** The gate's failed checks, each with what was measured against what. */
    void refusedBecause(List<String> failedChecks) {
        refusedBecause = List.copyOf(failedChecks);
    }

    void training(TrainingReport report) {
        training = report;
    }

    void published(int newVersion, Path dir, int parent) {
        published = true;
        version = newVersion;
        parentVersion = parent;
        registryDir = dir.toString();
    }

    void reindexWaited(long millis, boolean caughtUp) {
        reindexWaitMillis = millis;
        reindexCaughtUp = caughtUp;
    }

    void activated(ModelVersionEvent event) {
        activation = event;
    }

    void retired(List<Integer> versions) {
        retired = List.copyOf(versions);
    }

    void finished(Instant time, List<String> reasons) {
        finished = time;
        outcome = List.copyOf(reasons);
    }
}
