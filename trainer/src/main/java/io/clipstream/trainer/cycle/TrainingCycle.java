package io.clipstream.trainer.cycle;

import io.clipstream.kafka.naming.Names;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipstream.events.EventJson;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.events.ModelVersionEvent.ReindexTarget;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.model.adapter.VersionAdapters;
import io.clipstream.store.CollectionSpec;
import io.clipstream.trainer.calibrate.CalibrationJob;
import io.clipstream.trainer.calibrate.CalibrationReport;
import io.clipstream.trainer.calibrate.CalibrationSettings;
import io.clipstream.trainer.calibrate.ScoredSearch;
import io.clipstream.trainer.calibrate.VersionScores;
import io.clipstream.trainer.data.ClickPairLog;
import io.clipstream.trainer.data.SearchLog;
import io.clipstream.trainer.data.EmbeddingCatalogue;
import io.clipstream.trainer.eval.EvalQuery;
import io.clipstream.trainer.job.Incumbent;
import io.clipstream.trainer.job.QueryEmbedder;
import io.clipstream.trainer.job.TrainingJob;
import io.clipstream.trainer.job.TrainingOutcome;
import io.clipstream.trainer.learn.TrainedAdapters;
import io.clipstream.trainer.registry.ModelChecksum;
import io.clipstream.trainer.registry.RunReports;
import io.clipstream.versions.ModelsState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * One learning cycle: read the window's click pairs and the base image embeddings, train and evaluate
 * ({@link TrainingJob}), write the report, and when the gate passes: write the version into the registry, publish
 * it on the models topic with the embeddings log's end offsets as its reindex target (every indexer starts
 * projecting it), wait until its projector has caught up with that target, activate it and retire old versions.
 */
public final class TrainingCycle {

    private static final Logger LOG = Logger.getLogger(TrainingCycle.class);
    /** How the gate marks a failed check (see {@code Gate}). */
    private static final String FAILED = "FAIL: ";
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final CycleSettings settings;
    private final ClickPairLog pairs;
    private final EmbeddingCatalogue catalogue;
    private final QueryEmbedder embedder;
    private final AdapterRegistry registry;
    private final RunReports reports;
    private final CycleVersions versions;
    private final Clock clock;
    private final SearchLog searches;
    private final CalibrationSettings calibration;

    /** A cycle that publishes adapters only, no relevance calibration. */
    public TrainingCycle(CycleSettings settings, ClickPairLog pairs, EmbeddingCatalogue catalogue,
                         QueryEmbedder embedder, AdapterRegistry registry, RunReports reports, CycleVersions versions,
                         Clock clock) {
        this(settings, pairs, catalogue, embedder, registry, reports, versions, clock, null, null);
    }

    /**
     * A cycle that also fits each version's relevance calibration on the window's logged searches and publishes it
     * with the version when its own gate passes.
     */
    public TrainingCycle(CycleSettings settings, ClickPairLog pairs, EmbeddingCatalogue catalogue,
                         QueryEmbedder embedder, AdapterRegistry registry, RunReports reports, CycleVersions versions,
                         Clock clock, SearchLog searches, CalibrationSettings calibration) {
        this.searches = searches;
        this.calibration = calibration;
        this.settings = settings;
        this.pairs = pairs;
        this.catalogue = catalogue;
        this.embedder = embedder;
        this.registry = registry;
        this.reports = reports;
        this.versions = versions;
        this.clock = clock;
    }

    public CycleResult run() {
        try {
            return runCycle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the training cycle was interrupted", e);
        }
    }

    private CycleResult runCycle() throws InterruptedException {
        Instant started = clock.instant();
        String runId = RUN_ID.format(started) + "-" + HexFormat.of().toHexDigits(
                ThreadLocalRandom.current().nextInt()).substring(0, 6);
        String model = settings.baseModelId();
        Instant from = started.minusMillis(settings.windowMs());
        long readStart = System.nanoTime();
        ClickPairLog.Window window = pairs.read(model, from, started);
        LOG.infof("run %s: %d click pairs of %s between %s and %s", runId, window.pairs().size(), model, from,
                started);
        Map<String, float[]> images = catalogue.load();
        List<EvalQuery> guardrail = settings.guardrailFile().map(GuardrailSet::load).orElse(List.of());
        long readMillis = (System.nanoTime() - readStart) / 1_000_000;

        CycleReport report = new CycleReport(runId, model, started, from, started, window.pairs().size(),
                window.unreadable(), images.size(), guardrail.size(), readMillis);
        if (window.pairs().isEmpty() || images.isEmpty()) {
            String reason = window.pairs().isEmpty() ? "no click pairs in the window: nothing to learn from"
                    : "the embeddings log " + catalogue.topic() + " is empty: nothing to rank";
            report.refused(reason);
            return finish(report, List.of(reason));
        }
        TrainingOutcome outcome = new TrainingJob(settings.job()).run(window.pairs(), images, embedder, guardrail,
                incumbent(images.values().iterator().next().length), new LoggedProgress(runId));
        report.training(outcome.report());
        List<String> reasons = new ArrayList<>(outcome.report().gate().reasons());
        if (outcome.adapters().isEmpty()) {
            List<String> failed = reasons.stream().filter(reason -> reason.startsWith(FAILED))
                    .map(reason -> reason.substring(FAILED.length())).toList();
            report.refusedBecause(failed);
            LOG.infof("run %s: the gate refused to publish: %s", runId, String.join("; ", failed));
            return finish(report, reasons);
        }
        publishAndActivate(report, outcome.adapters().get(), images, from, started, reasons);
        return finish(report, reasons);
    }

    /** The live version's adapters when it is a fine-tuned one: the new version must beat it too. */
    private Optional<Incumbent> incumbent(int dims) throws InterruptedException {
        int live = versions.models().latest(versions.kafkaTimeout()).activeVersion();
        if (live == 0) {
            return Optional.empty();
        }
        VersionAdapters adapters = registry.load(settings.baseModelId(), live, dims);
        if (adapters.text() instanceof ResidualAdapter text && adapters.image() instanceof ResidualAdapter image) {
            return Optional.of(new Incumbent(live, text, image));
        }
        throw new IllegalStateException("the live version v" + live + " has adapters of a kind this trainer cannot "
                + "compare against: " + adapters);
    }

    private void publishAndActivate(CycleReport report, TrainedAdapters adapters, Map<String, float[]> images,
                                    Instant from, Instant to, List<String> reasons) throws InterruptedException {
        String model = settings.baseModelId();
        ModelsState state = versions.models().latest(versions.kafkaTimeout());
        int version = Math.max(state.highestVersion(), highestInRegistry()) + 1;
        String collection = CollectionSpec.nameFor(model, version);
        ObjectNode manifest = manifest(report, state.activeVersion());
        calibrate(adapters, images, from, to, manifest, reasons);
        Path dir = registry.write(model, version, adapters.text(), adapters.image(), manifest);
        // The target is taken before publication: everything in the log by then must be projected before going live.
        ReindexTarget target = versions.progress().target(catalogue.topic());
        versions.writer().write(new ModelVersionEvent(ModelVersionEvent.Type.PUBLISHED, model, version, collection,
                null, clock.instant(), target));
        report.published(version, dir, state.activeVersion());
        reasons.add("published v" + version + " to " + dir);
        LOG.infof("run %s: published %s v%d (%s); reindexing into %s", report.runId(), model, version, dir,
                collection);
        if (!settings.autoActivate()) {
            reasons.add("auto-activation is off: activate with `trainer activate " + version + "`");
            return;
        }
        long waitStart = System.nanoTime();
        boolean caughtUp = awaitReindex(version, target);
        report.reindexWaited((System.nanoTime() - waitStart) / 1_000_000, caughtUp);
        if (!caughtUp) {
            reasons.add("v" + version + " was not reindexed within " + settings.reindexTimeoutMs()
                    + " ms; it stays published, activate it later with `trainer activate " + version + "`");
            return;
        }
        ModelVersionEvent activation = versions.activation().activate(version);
        report.activated(activation);
        reasons.add("activated v" + version + " (was v" + activation.previousVersion() + ")");
        List<Integer> retired = versions.retention().apply();
        report.retired(retired);
        if (!retired.isEmpty()) {
            reasons.add("retired " + retired.stream().map(v -> "v" + v).toList());
        }
    }

    /**
     * Fits the version's relevance calibration on the window's logged text searches, scored by the new adapters;
     * the gate's verdict and numbers go into the manifest, the calibration itself only when the gate passes.
     */
    private void calibrate(TrainedAdapters adapters, Map<String, float[]> images, Instant from, Instant to,
                           ObjectNode manifest, List<String> reasons) {
        if (searches == null) {
            return;
        }
        List<SearchLog.Search> logged;
        try {
            logged = searches.read(settings.baseModelId(), from, to);
        } catch (RuntimeException e) {
            // The version's adapters passed their gate on their own; a log that cannot be read costs only its cut-off.
            LOG.warnf(e, "relevance calibration skipped: the logged searches cannot be read");
            reasons.add("relevance calibration skipped: the logged searches cannot be read: " + e.getMessage());
            return;
        }
        List<ScoredSearch> scored = VersionScores.of(logged, images, embedder, adapters.text(), adapters.image());
        CalibrationReport result = new CalibrationJob(calibration).run(scored);
        manifest.set("calibrationGate", EventJson.mapper().valueToTree(result));
        if (result.publish()) {
            manifest.set(AdapterRegistry.CALIBRATION, EventJson.mapper().valueToTree(result.calibration()));
            reasons.add(String.format(java.util.Locale.ROOT, "relevance calibration published (auto P ≥ %.4f, "
                    + "held-out calibration error %.3f)", result.calibration().autoProbability(),
                    result.calibrationError()));
        } else {
            reasons.add("relevance calibration not published: " + String.join("; ", result.reasons().stream()
                    .filter(r -> r.startsWith(FAILED)).map(r -> r.substring(FAILED.length())).toList()));
        }
        LOG.infof("relevance calibration over %d logged searches: %s", logged.size(),
                String.join("; ", result.reasons()));
    }

    /** Polls the version's projector group until it has committed the target; false at the timeout. */
    private boolean awaitReindex(int version, ReindexTarget target) throws InterruptedException {
        String group = Names.projectorGroup(settings.baseModelId(), version);
        long deadline = System.nanoTime() + settings.reindexTimeoutMs() * 1_000_000;
        long lastLog = 0;
        while (true) {
            long remaining = versions.progress().remaining(group, target);
            if (remaining == 0) {
                LOG.infof("v%d reindexed: group %s has committed the %d log records that existed at publication",
                        version, group, target.records());
                return true;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                return false;
            }
            if (now - lastLog > 10_000_000_000L) {
                LOG.infof("reindexing v%d: %d of %d embeddings log records still to project", version, remaining,
                        target.records());
                lastLog = now;
            }
            Thread.sleep(settings.reindexPollMs());
        }
    }

    private int highestInRegistry() {
        Path dir = registry.root().resolve(settings.baseModelId());
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("v\\d{1,9}"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1))).max().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private ObjectNode manifest(CycleReport report, int parentVersion) {
        ObjectNode manifest = EventJson.mapper().createObjectNode();
        manifest.put("baseModelChecksum", ModelChecksum.of(settings.modelDir()));
        manifest.put("parentVersion", parentVersion);
        manifest.put("createdAt", clock.instant().toString());
        manifest.put("runId", report.runId());
        manifest.putObject("trainingWindow").put("from", report.windowFrom().toString())
                .put("to", report.windowTo().toString());
        manifest.put("pairCount", report.pairsInWindow());
        manifest.set("training", EventJson.mapper().valueToTree(report.training()));
        return manifest;
    }

    private CycleResult finish(CycleReport report, List<String> reasons) {
        report.finished(clock.instant(), reasons);
        Path file = reports.write(report.runId(), report);
        LOG.infof("run %s finished: %s; report %s", report.runId(), String.join("; ", reasons), file);
        return new CycleResult(report.runId(), file, report.version(), report.activation() != null, reasons);
    }
}
