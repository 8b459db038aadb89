package io.clipstream.trainer.job;

import io.clipstream.events.ClickPair;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.trainer.compute.ParallelRanges;
import io.clipstream.trainer.eval.EvalQuery;
import io.clipstream.trainer.eval.Gate;
import io.clipstream.trainer.eval.GateDecision;
import io.clipstream.trainer.eval.GateEvidence;
import io.clipstream.trainer.eval.ResidualSpace;
import io.clipstream.trainer.eval.RetrievalEvaluator;
import io.clipstream.trainer.eval.RetrievalMetrics;
import io.clipstream.trainer.eval.RetrievalResult;
import io.clipstream.trainer.eval.ScaleSelection;
import io.clipstream.trainer.eval.VectorTable;
import io.clipstream.trainer.learn.AdapterTrainer;
import io.clipstream.trainer.learn.TrainedAdapters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One training run over a window of click pairs, with no I/O: split by click time, aggregate the train split,
 * embed the query texts, train both adapters (stopping early on the validation split), choose the residual scale on
 * validation, measure base and chosen scale on test and the guardrail set, and let the {@link Gate} decide. The
 * caller persists the outcome.
 */
public final class TrainingJob {

    private final TrainingJobSettings settings;

    public TrainingJob(TrainingJobSettings settings) {
        this.settings = settings;
    }

    /**
     * @param pairs the window's click pairs, in any order
     * @param catalogue base image vectors by image id; the whole catalogue is ranked in evaluation
     * @param guardrail queries that must not get worse (e.g. curated or from concepts outside the window); may be
     *                  empty
     */
    public TrainingOutcome run(List<ClickPair> pairs, Map<String, float[]> catalogue, QueryEmbedder embedder,
                               List<EvalQuery> guardrail, JobProgress progress) {
        return run(pairs, catalogue, embedder, guardrail, Optional.empty(), progress);
    }

    /** As above, and a new version must also do at least as well on the test split as the live {@code incumbent}. */
    public TrainingOutcome run(List<ClickPair> pairs, Map<String, float[]> catalogue, QueryEmbedder embedder,
                               List<EvalQuery> guardrail, Optional<Incumbent> incumbent, JobProgress progress) {
        long started = System.nanoTime();
        if (catalogue.isEmpty()) {
            throw new IllegalArgumentException("the catalogue is empty: nothing to rank");
        }
        int dims = catalogue.values().iterator().next().length;
        List<ClickPair> usable = new ArrayList<>(pairs.size());
        int unknownImage = 0;
        int invalid = 0;
        for (ClickPair pair : pairs) {
            if (pair.queryText() == null || pair.queryText().isBlank() || pair.imageId() == null
                    || pair.clickTime() == null || !(pair.weight() > 0) || Double.isInfinite(pair.weight())) {
                invalid++;
            } else if (!catalogue.containsKey(pair.imageId())) {
                unknownImage++;
            } else {
                usable.add(pair);
            }
        }
        ClickSplit split = ClickSplit.byClickTime(usable, settings.testFraction(), settings.validationFraction());
        TrainingPairs training = TrainingPairs.of(split.train(), catalogue);
        List<EvalQuery> validation = EvalSets.of(split.validation());
        List<EvalQuery> test = EvalSets.of(split.test());
        progress.onPhase(String.format(Locale.ROOT,
                "%d click pairs (%d unknown images, %d invalid skipped): train %d clicks -> %d pairs, validation %d "
                        + "queries, test %d queries", pairs.size(), unknownImage, invalid, split.train().size(),
                training.examples().size(), validation.size(), test.size()));

        TreeSet<String> texts = new TreeSet<>(training.queries());
        validation.forEach(q -> texts.add(q.text()));
        test.forEach(q -> texts.add(q.text()));
        guardrail.forEach(q -> texts.add(q.text()));
        long embedStart = System.nanoTime();
        progress.onPhase("embedding " + texts.size() + " query texts");
        Map<String, float[]> textVectors = embed(embedder, List.copyOf(texts), dims);
        long embedMillis = millisSince(embedStart);

        long trainStart = System.nanoTime();
        TrainedAdapters trained = null;
        if (!training.examples().isEmpty()) {
            progress.onPhase("training on " + training.examples().size() + " pairs, early stopping on "
                    + validation.size() + " validation queries");
            try (ParallelRanges parallel = new ParallelRanges(settings.training().threads())) {
                trained = AdapterTrainer.train(rows(training.queries(), textVectors),
                        rows(training.images(), catalogue), training.examples(), settings.training(),
                        EarlyStoppingValidation.of(validation, catalogue, textVectors, settings.training().seed(),
                                parallel), progress);
            }
            progress.onPhase(trained.run().summary());
        }
        long trainMillis = millisSince(trainStart);

        long evalStart = System.nanoTime();
        progress.onPhase("evaluating " + settings.scaleCandidates().size() + " residual scales on "
                + validation.size() + " validation queries over " + catalogue.size() + " images");
        Evaluation evaluation;
        Optional<TrainingReport.Incumbent> incumbentTest;
        try (ParallelRanges parallel = new ParallelRanges(settings.training().threads())) {
            evaluation = evaluate(trained, dims, catalogue, textVectors, validation, test, guardrail, parallel);
            incumbentTest = incumbent.map(live -> new TrainingReport.Incumbent(live.version(),
                    evaluateIncumbent(live, catalogue, textVectors, test, parallel)));
        }
        long evalMillis = millisSince(evalStart);

        GateDecision gateDecision = new Gate(settings.gate()).decide(new GateEvidence(training.examples().size(),
                evaluation.test.after().queries(), evaluation.scan.chosenScale(),
                evaluation.scan.bestValidationScale(), evaluation.test.before(), evaluation.test.after(),
                evaluation.testBefore.primaryPerQuery(), evaluation.testAfter.primaryPerQuery(),
                evaluation.test.chanceNdcgAt10(),
                guardrail.isEmpty() ? null : evaluation.guardrail.before(),
                guardrail.isEmpty() ? null : evaluation.guardrail.after()));
        GateDecision decision = againstIncumbent(gateDecision, evaluation.test.after(), incumbentTest);
        progress.onPhase((decision.publish() ? "publishing: " : "not publishing: ")
                + String.join("; ", decision.reasons()));

        TrainingReport report = new TrainingReport(
                new TrainingReport.Counts(pairs.size(), unknownImage, invalid, split.train().size(),
                        split.validation().size(), split.test().size(), training.examples().size(),
                        training.queries().size(), training.images().size(), training.hardNegatives(),
                        validation.size(), test.size(), guardrail.size(), catalogue.size()),
                window(split),
                settings,
                trained == null ? null : new TrainingReport.Training(trained.run(), trained.logitScale(),
                        trained.sigmoidBias()),
                evaluation.scan.points(),
                evaluation.scan.chosenScale(),
                evaluation.scan.bestValidationScale(),
                evaluation.validation,
                evaluation.test,
                guardrail.isEmpty() ? null : evaluation.guardrail,
                incumbentTest.orElse(null),
                decision,
                new TrainingReport.Durations(embedMillis, trainMillis, evalMillis, millisSince(started)));
        Optional<TrainedAdapters> candidate = Optional.ofNullable(trained)
                .map(adapters -> adapters.atScale(evaluation.scan.chosenScale()));
        return new TrainingOutcome(decision.publish() ? candidate : Optional.empty(), report, candidate);
    }

    private record Evaluation(ScaleSelection scan, TrainingReport.Comparison validation,
                              TrainingReport.Comparison test, TrainingReport.Comparison guardrail,
                              RetrievalResult testBefore, RetrievalResult testAfter) {
    }

    private Evaluation evaluate(TrainedAdapters trained, int dims, Map<String, float[]> catalogue,
                                Map<String, float[]> textVectors, List<EvalQuery> validation, List<EvalQuery> test,
                                List<EvalQuery> guardrail, ParallelRanges parallel) {
        ResidualAdapter imageAdapter = trained != null ? trained.image() : zero(dims);
        ResidualAdapter textAdapter = trained != null ? trained.text() : zero(dims);
        List<String> imageIds = List.copyOf(new TreeSet<>(catalogue.keySet()));
        ResidualSpace images = ResidualSpace.of(imageIds, imageIds.stream().map(catalogue::get).toList(),
                imageAdapter, parallel);
        List<String> textIds = List.copyOf(textVectors.keySet());
        ResidualSpace texts = ResidualSpace.of(textIds, textIds.stream().map(textVectors::get).toList(),
                textAdapter, parallel);
        RetrievalEvaluator evaluator = new RetrievalEvaluator(parallel);

        List<Double> scales = trained == null ? List.of(0.0) : settings.scaleCandidates();
        ScaleSelection scan = ScaleSelection.scan(scales,
                s -> evaluator.evaluate(validation, texts.at(s), images.at(s)),
                s -> guardrail.isEmpty() ? null : evaluator.evaluate(guardrail, texts.at(s), images.at(s)),
                settings.gate().guardrailMaxDrop());
        double chosen = scan.chosenScale();
        RetrievalMetrics validationBefore = scan.points().getFirst().scale() == 0
                ? scan.points().getFirst().validation()
                : evaluator.evaluate(validation, texts.at(0), images.at(0));
        RetrievalMetrics validationAfter = scan.points().stream().filter(p -> p.scale() == chosen).findFirst()
                .orElseThrow().validation();

        VectorTable baseTexts = texts.at(0);
        VectorTable baseImages = images.at(0);
        VectorTable tunedTexts = texts.at(chosen);
        VectorTable tunedImages = images.at(chosen);
        RetrievalResult testBefore = evaluator.evaluateEach(test, baseTexts, baseImages);
        RetrievalResult testAfter = evaluator.evaluateEach(test, tunedTexts, tunedImages);
        Set<String> ids = catalogue.keySet();
        TrainingReport.Comparison testComparison = new TrainingReport.Comparison(testBefore.metrics(),
                testAfter.metrics(), RetrievalEvaluator.chanceNdcg(test, ids));
        TrainingReport.Comparison guardrailComparison = new TrainingReport.Comparison(
                evaluator.evaluate(guardrail, baseTexts, baseImages),
                evaluator.evaluate(guardrail, tunedTexts, tunedImages), RetrievalEvaluator.chanceNdcg(guardrail, ids));
        return new Evaluation(scan, new TrainingReport.Comparison(validationBefore, validationAfter,
                RetrievalEvaluator.chanceNdcg(validation, ids)), testComparison, guardrailComparison, testBefore,
                testAfter);
    }

    private static RetrievalMetrics evaluateIncumbent(Incumbent live, Map<String, float[]> catalogue,
                                                      Map<String, float[]> textVectors, List<EvalQuery> test,
                                                      ParallelRanges parallel) {
        List<String> imageIds = List.copyOf(new TreeSet<>(catalogue.keySet()));
        ResidualSpace images = ResidualSpace.of(imageIds, imageIds.stream().map(catalogue::get).toList(),
                live.image(), parallel);
        List<String> textIds = List.copyOf(textVectors.keySet());
        ResidualSpace texts = ResidualSpace.of(textIds, textIds.stream().map(textVectors::get).toList(),
                live.text(), parallel);
        return new RetrievalEvaluator(parallel).evaluate(test, texts.at(live.text().scale()),
                images.at(live.image().scale()));
    }

    /** The gate's decision, refused when the new version does worse on the test split than the live one. */
    private static GateDecision againstIncumbent(GateDecision decision, RetrievalMetrics after,
                                                 Optional<TrainingReport.Incumbent> incumbent) {
        if (incumbent.isEmpty()) {
            return decision;
        }
        TrainingReport.Incumbent live = incumbent.get();
        boolean better = after.primary() >= live.test().primary();
        List<String> reasons = new ArrayList<>(decision.reasons());
        reasons.add(String.format(Locale.ROOT, "%s: test nDCG@10 %.3f %s the live v%d's %.3f",
                better ? "pass" : "FAIL", after.primary(), better ? "≥" : "<", live.version(), live.test().primary()));
        return new GateDecision(decision.publish() && better, reasons);
    }

    private static Map<String, float[]> embed(QueryEmbedder embedder, List<String> texts, int dims) {
        float[][] vectors = embedder.embed(texts);
        if (vectors.length != texts.size()) {
            throw new IllegalStateException("the query embedder returned " + vectors.length + " vectors for "
                    + texts.size() + " texts");
        }
        Map<String, float[]> out = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            if (vectors[i].length != dims) {
                throw new IllegalStateException("the query embedder makes " + vectors[i].length
                        + "-d vectors but the catalogue holds " + dims + "-d ones");
            }
            out.put(texts.get(i), vectors[i]);
        }
        return out;
    }

    private static float[][] rows(List<String> ids, Map<String, float[]> vectors) {
        float[][] out = new float[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            out[i] = vectors.get(ids.get(i));
        }
        return out;
    }

    private static ResidualAdapter zero(int dims) {
        return new ResidualAdapter(dims, new float[dims * dims], new float[dims], 1f);
    }

    private static TrainingReport.Window window(ClickSplit split) {
        return new TrainingReport.Window(first(split.train()), last(split.train()), first(split.validation()),
                last(split.validation()), first(split.test()), last(split.test()));
    }

    private static Instant first(List<ClickPair> pairs) {
        return pairs.isEmpty() ? null : pairs.getFirst().clickTime();
    }

    private static Instant last(List<ClickPair> pairs) {
        return pairs.isEmpty() ? null : pairs.getLast().clickTime();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
