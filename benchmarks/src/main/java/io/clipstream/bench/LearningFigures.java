package io.clipstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.events.ClickPair;
import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.image.ImagePreprocessor;
import io.clipstream.model.image.RgbImage;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.onnx.ImageEncoder;
import io.clipstream.testing.shapes.SceneRenderer;
import io.clipstream.testing.users.FirstDay;
import io.clipstream.testing.users.FirstDayWorld;
import io.clipstream.trainer.compute.ParallelRanges;
import io.clipstream.trainer.eval.EvalQuery;
import io.clipstream.trainer.eval.ResidualSpace;
import io.clipstream.trainer.eval.RetrievalEvaluator;
import io.clipstream.trainer.eval.VectorTable;
import io.clipstream.trainer.job.JobProgress;
import io.clipstream.trainer.job.QueryEmbedder;
import io.clipstream.trainer.job.TrainingJob;
import io.clipstream.trainer.job.TrainingJobSettings;
import io.clipstream.trainer.job.TrainingOutcome;
import io.clipstream.trainer.job.TrainingReport;
import io.clipstream.trainer.learn.TrainedAdapters;
import io.clipstream.trainer.learn.TrainingRun;
import io.clipstream.trainer.learn.TrainingSettings;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The learning figures of docs/learning.md (issue #13): the first-day benchmark ({@link FirstDay}) on the trained tiny
 * CLIP, one training job with the default settings and gate per click volume and click seed, and with random clicks
 * at the largest volume; writes the Markdown page and the numbers as JSON.
 *
 * <pre>
 * LearningFigures [--model models/trained-tiny/clip-hf] [--volumes 300,1000,3000] [--seeds 10]
 *                 [--out docs/learning.md] [--json bench-out/learning.json]
 * </pre>
 */
public final class LearningFigures {

    private static final long CATALOGUE_SEED = 1;

    private final Path modelDir;
    private final int[] volumes;
    private final int seeds;
    private final Path out;
    private final Path json;

    private LearningFigures(BenchArgs args) {
        modelDir = Path.of(args.get("model", "models/trained-tiny/clip-hf"));
        volumes = Arrays.stream(args.get("volumes", "300,1000,3000").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        seeds = args.getInt("seeds", 10);
        out = Path.of(args.get("out", "docs/learning.md"));
        json = Path.of(args.get("json", "bench-out/learning.json"));
    }

    public static void main(String[] argv) throws Exception {
        new LearningFigures(BenchArgs.parse(argv)).run();
    }

    /** One training job's numbers. */
    record Row(int clicks, String kind, long seed, int trainPairs, int testQueries, double testBefore,
               double testAfter, double testChance, double conceptBefore, double conceptAfter, double knownBefore,
               double knownAfter, double guardrailBefore, double guardrailAfter, double scale, int batchesPerEpoch,
               int budget, int steps, int bestStep, boolean published, List<String> failed, long trainMillis) {
    }

    /** Settings the defaults are compared with: a label, the training settings and the click volume. */
    private record Variant(String label, TrainingSettings training, int clicks) {
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        List<Row> compared = new ArrayList<>();
        try (ClipModel model = ClipModel.open(modelDir, ModelOptions.both(ExecutionSettings.cpu(
                Runtime.getRuntime().availableProcessors())))) {
            FirstDayWorld world = FirstDayWorld.embed(CATALOGUE_SEED, pictures -> encode(model, pictures),
                    model::embedTexts, "trained-tiny-clip");
            QueryEmbedder embedder = texts -> {
                try {
                    return model.embedTexts(texts);
                } catch (Exception e) {
                    throw new IllegalStateException("embedding " + texts.size() + " texts failed", e);
                }
            };
            List<EvalQuery> concept = queries(world.conceptRelevance());
            List<EvalQuery> guardrail = queries(world.guardrailRelevance());
            TrainingJobSettings settings = TrainingJobSettings.defaults().withTraining(
                    TrainingSettings.defaults().toBuilder().threads(Runtime.getRuntime().availableProcessors())
                            .build());
            List<EvalQuery> known = queries(world.knownRelevance());
            Evaluation evaluation = new Evaluation(world, embedder, concept, known, guardrail);
            int largest = Arrays.stream(volumes).max().orElseThrow();
            for (int volume : volumes) {
                for (String kind : volume == largest ? List.of("clicks", "random") : List.of("clicks")) {
                    for (long seed = 1; seed <= seeds; seed++) {
                        rows.add(run(evaluation, settings, volume, kind, seed));
                    }
                }
            }
            TrainingSettings defaults = settings.training();
            int middle = volumes[volumes.length / 2];
            for (Variant variant : List.of(
                    new Variant("identity weight 1e-4", defaults.toBuilder().identityWeight(1e-4).build(), largest),
                    new Variant("Adam 1e-3, identity weight 1e-4 (the defaults before)",
                            defaults.toBuilder().learningRate(1e-3).identityWeight(1e-4).build(), largest),
                    new Variant("no early stopping", defaults.toBuilder()
                            .earlyStopping(defaults.validationChecks(), Integer.MAX_VALUE).build(), largest),
                    new Variant("at least 300 steps", defaults.toBuilder().steps(300, defaults.maxSteps()).build(),
                            middle),
                    new Variant("identity weight 1e-4", defaults.toBuilder().identityWeight(1e-4).build(), middle),
                    new Variant("Adam 1e-3, identity weight 1e-4 (the defaults before)",
                            defaults.toBuilder().learningRate(1e-3).identityWeight(1e-4).build(), middle))) {
                for (long seed = 1; seed <= seeds; seed++) {
                    compared.add(run(evaluation, settings.withTraining(variant.training()), variant.clicks(),
                            variant.label(), seed));
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("machine", Machine.describe());
        result.put("model", modelDir.toString());
        result.put("seconds", Math.round((System.nanoTime() - started) / 1e9));
        result.put("rows", rows);
        result.put("compared", compared);
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        Files.writeString(out, LearningPage.render(rows, compared, seeds, modelDir));
        System.out.println("wrote " + out + " and " + json);
    }

    /** What a row is measured against: the world and its relevance sets. */
    private record Evaluation(FirstDayWorld world, QueryEmbedder embedder, List<EvalQuery> concept,
                              List<EvalQuery> known, List<EvalQuery> guardrail) {
    }

    private static Row run(Evaluation e, TrainingJobSettings settings, int volume, String kind, long seed) {
        List<ClickPair> clicks = kind.equals("random") ? e.world().users().randomClicks(volume, seed)
                : e.world().users().clicks(volume, seed);
        TrainingOutcome outcome = new TrainingJob(settings).run(clicks, e.world().images(), e.embedder(),
                e.guardrail(), JobProgress.none());
        TrainingReport report = outcome.report();
        TrainedAdapters candidate = outcome.candidate().orElse(null);
        TrainingRun run = report.training() == null ? null : report.training().run();
        Row row = new Row(volume, kind, seed, report.counts().trainPairs(), report.counts().testQueries(),
                report.test().before().ndcgAt10(), report.test().after().ndcgAt10(),
                report.test().chanceNdcgAt10(), ndcg(e.concept(), null, e), ndcg(e.concept(), candidate, e),
                ndcg(e.known(), null, e), ndcg(e.known(), candidate, e), report.guardrail().before().ndcgAt10(),
                report.guardrail().after().ndcgAt10(), report.chosenScale(),
                run == null ? 0 : run.batchesPerEpoch(), run == null ? 0 : run.budgetSteps(),
                run == null ? 0 : run.steps(), run == null ? 0 : run.bestStep(), outcome.published(),
                report.gate().reasons().stream().filter(r -> r.startsWith("FAIL: ")).map(r -> r.substring(6))
                        .toList(), report.durations().trainMillis());
        System.out.printf(Locale.ROOT, "%5d %-6s seed %2d: test nDCG@10 %.3f -> %.3f, the word %.3f -> %.3f, known "
                        + "%.3f -> %.3f, %s%n", volume, kind, seed, row.testBefore(), row.testAfter(),
                row.conceptBefore(), row.conceptAfter(), row.knownBefore(), row.knownAfter(),
                row.published() ? "published" : "refused: " + row.failed());
        return row;
    }

    private static float[][] encode(ClipModel model, List<BufferedImage> pictures) throws Exception {
        ImagePreprocessor preprocessor = model.preprocessor();
        ImageEncoder encoder = model.vision();
        float[] pixels = new float[pictures.size() * encoder.imageSize()];
        for (int k = 0; k < pictures.size(); k++) {
            BufferedImage picture = pictures.get(k);
            preprocessor.preprocessInto(new RgbImage(picture.getWidth(), picture.getHeight(),
                    SceneRenderer.rgb(picture)), pixels, k * encoder.imageSize());
        }
        return encoder.encode(pixels, pictures.size());
    }

    private static List<EvalQuery> queries(Map<String, List<String>> relevance) {
        List<EvalQuery> queries = new ArrayList<>();
        relevance.forEach((text, ids) -> {
            Map<String, Double> gains = new LinkedHashMap<>();
            ids.forEach(id -> gains.put(id, 1.0));
            queries.add(new EvalQuery(text, gains));
        });
        return queries;
    }

    /** nDCG@10 of {@code queries} over the whole catalogue, with {@code adapters} at their scale or the base model. */
    private static double ndcg(List<EvalQuery> queries, TrainedAdapters adapters, Evaluation e) {
        List<String> texts = queries.stream().map(EvalQuery::text).toList();
        List<float[]> textVectors = List.of(e.embedder().embed(texts));
        List<String> ids = List.copyOf(new TreeSet<>(e.world().images().keySet()));
        List<float[]> imageVectors = ids.stream().map(e.world().images()::get).toList();
        try (ParallelRanges parallel = new ParallelRanges(1)) {
            RetrievalEvaluator evaluator = new RetrievalEvaluator(parallel);
            if (adapters == null) {
                Map<String, float[]> t = new LinkedHashMap<>();
                for (int i = 0; i < texts.size(); i++) {
                    t.put(texts.get(i), textVectors.get(i));
                }
                Map<String, float[]> im = new LinkedHashMap<>();
                ids.forEach(id -> im.put(id, e.world().images().get(id)));
                return evaluator.evaluate(queries, VectorTable.of(t), VectorTable.of(im)).ndcgAt10();
            }
            double scale = adapters.text().scale();
            return evaluator.evaluate(queries, ResidualSpace.of(texts, textVectors, adapters.text(), parallel).at(scale),
                    ResidualSpace.of(ids, imageVectors, adapters.image(), parallel).at(scale)).ndcgAt10();
        }
    }
}
