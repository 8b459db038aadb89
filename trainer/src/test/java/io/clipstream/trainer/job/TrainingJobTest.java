package io.clipstream.trainer.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.ClickPair;
import io.clipstream.events.EventJson;
import io.clipstream.trainer.eval.EvalQuery;
import io.clipstream.trainer.eval.GateSettings;
import io.clipstream.trainer.learn.TrainingCheck;
import io.clipstream.trainer.learn.TrainedAdapters;
import io.clipstream.trainer.learn.TrainingSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A synthetic vector world without a model: five concepts, each a cluster of images; each concept's query texts
 * embed to a fixed rotation of its cluster centre, so the base model ranks at chance and the adapters can learn it.
 */
class TrainingJobTest {

    private static final int DIMS = 8;
    private static final int CONCEPTS = 5;
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private final Random random = new Random(17);
    private final float[][] centres = new float[CONCEPTS][];
    private final Map<String, float[]> catalogue = new LinkedHashMap<>();
    private final Map<String, float[]> texts = new LinkedHashMap<>();

    TrainingJobTest() {
        for (int c = 0; c < CONCEPTS; c++) {
            centres[c] = gaussian(1);
            for (int i = 0; i < 12; i++) {
                float[] v = gaussian(0.3f);
                for (int j = 0; j < DIMS; j++) {
                    v[j] += centres[c][j];
                }
                catalogue.put("c" + c + "-img" + i, v);
            }
            for (int p = 0; p < 3; p++) {
                float[] t = new float[DIMS];
                for (int j = 0; j < DIMS; j++) {
                    t[(j + 3) % DIMS] = (j % 2 == 0 ? -1 : 1) * centres[c][j] + 0.2f * (float) random.nextGaussian();
                }
                texts.put("concept " + c + " phrasing " + p, t);
            }
        }
    }

    private List<ClickPair> clicks(int count) {
        List<ClickPair> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int c = random.nextInt(CONCEPTS);
            String query = "concept " + c + " phrasing " + random.nextInt(3);
            String image = "c" + c + "-img" + random.nextInt(12);
            String negative = "c" + ((c + 1) % CONCEPTS) + "-img" + random.nextInt(12);
            Instant time = T0.plusSeconds(30L * i);
            pairs.add(new ClickPair("s" + i, "k" + i, query, image, 1, List.of(negative), 1 + random.nextInt(3), "m",
                    0, time.minusSeconds(3), time));
        }
        return pairs;
    }

    private TrainingJobSettings settings() {
        return TrainingJobSettings.defaults()
                .withTraining(TrainingSettings.defaults().toBuilder().epochs(60).batchSize(32).learningRate(1e-2)
                        .threads(2).build())
                .withGate(new GateSettings(0.02, 0.02, 30, 10, 0.99));
    }

    private QueryEmbedder embedder(List<List<String>> calls) {
        return list -> {
            calls.add(List.copyOf(list));
            return list.stream().map(texts::get).toArray(float[][]::new);
        };
    }

    @Test
    void learnsTheConceptsPublishesAndReportsEverything() throws Exception {
        List<ClickPair> pairs = clicks(600);
        pairs.add(new ClickPair("x", "x", "concept 0 phrasing 0", "not-in-catalogue", 0, List.of(), 1, "m", 0, T0,
                T0));
        pairs.add(new ClickPair("y", "y", " ", "c0-img0", 0, List.of(), 1, "m", 0, T0, T0));
        List<EvalQuery> guardrail = List.of(new EvalQuery("concept 4 phrasing 2", Map.of("c4-img0", 1.0)));
        List<List<String>> calls = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        List<TrainingCheck> checks = new ArrayList<>();

        TrainingOutcome outcome = new TrainingJob(settings()).run(pairs, catalogue, embedder(calls), guardrail,
                new JobProgress() {
                    @Override
                    public void onPhase(String description) {
                        phases.add(description);
                    }

                    @Override
                    public void onCheck(TrainingCheck check) {
                        checks.add(check);
                    }
                });

        TrainingReport report = outcome.report();
        assertThat(outcome.published()).as(String.join("\n", report.gate().reasons())).isTrue();
        assertThat(report.test().after().ndcgAt10()).isGreaterThan(report.test().before().ndcgAt10() + 0.2);
        assertThat(outcome.adapters().orElseThrow().image().scale()).isEqualTo((float) report.chosenScale());

        TrainingReport.Counts counts = report.counts();
        assertThat(counts.pairsInWindow()).isEqualTo(602);
        assertThat(counts.skippedUnknownImage()).isEqualTo(1);
        assertThat(counts.skippedInvalid()).isEqualTo(1);
        assertThat(counts.trainClicks() + counts.validationClicks() + counts.testClicks()).isEqualTo(600);
        assertThat(counts.testClicks()).isEqualTo(120);
        assertThat(counts.validationClicks()).isEqualTo(60);
        assertThat(counts.trainQueries()).isEqualTo(15);
        assertThat(counts.catalogueImages()).isEqualTo(60);
        assertThat(counts.guardrailQueries()).isEqualTo(1);
        assertThat(report.window().lastTrainClick()).isBefore(report.window().firstValidationClick());
        assertThat(report.window().lastValidationClick()).isBefore(report.window().firstTestClick());
        assertThat(report.scaleScan()).hasSize(11);
        assertThat(report.training().run().checks()).isEqualTo(checks).isNotEmpty()
                .allMatch(check -> check.validation() != null);
        assertThat(checks.getLast().step()).isEqualTo(report.training().run().steps());
        assertThat(phases).contains(report.training().run().summary());
        assertThat(report.durations().totalMillis()).isGreaterThanOrEqualTo(report.durations().trainMillis());
        // One embedding call for every distinct text: train, validation, test and guardrail.
        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst()).hasSize(15).isSorted();
        assertThat(phases).anyMatch(p -> p.startsWith("publishing: "));

        JsonNode json = EventJson.mapper().readTree(EventJson.mapper().writeValueAsString(report));
        assertThat(json.path("counts").path("skippedUnknownImage").asInt()).isEqualTo(1);
        assertThat(json.path("window").path("firstTrainClick").asText()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(json.path("settings").path("training").path("loss").asText()).isEqualTo("INFO_NCE");
        assertThat(json.path("scaleScan").size()).isEqualTo(11);
        assertThat(json.path("test").path("after").path("ndcgAt10").asDouble())
                .isEqualTo(report.test().after().ndcgAt10());
        assertThat(json.path("gate").path("reasons").size()).isEqualTo(report.gate().reasons().size());
        assertThat(json.path("durations").has("embedMillis")).isTrue();
    }

    @Test
    void aNewVersionMustAlsoDoAsWellAsTheLiveOne() {
        List<ClickPair> pairs = clicks(600);
        TrainedAdapters good = new TrainingJob(settings()).run(pairs, catalogue, embedder(new ArrayList<>()),
                List.of(), JobProgress.none()).adapters().orElseThrow();

        // Live: the version just trained. One step at a hundredth of the step size barely leaves the base model.
        TrainingJobSettings weak = settings().withTraining(settings().training().toBuilder().epochs(1).steps(1, 1)
                .learningRate(1e-4).build());
        TrainingOutcome outcome = new TrainingJob(weak).run(pairs, catalogue, embedder(new ArrayList<>()), List.of(),
                Optional.of(new Incumbent(3, good.text(), good.image())), JobProgress.none());

        TrainingReport report = outcome.report();
        assertThat(report.incumbent().version()).isEqualTo(3);
        assertThat(report.incumbent().test().ndcgAt10()).isGreaterThan(report.test().after().ndcgAt10());
        assertThat(outcome.published()).isFalse();
        assertThat(report.gate().reasons()).last().asString().startsWith("FAIL: test nDCG@10")
                .contains("the live v3's");

        TrainingOutcome same = new TrainingJob(settings()).run(pairs, catalogue, embedder(new ArrayList<>()),
                List.of(), Optional.of(new Incumbent(3, good.text(), good.image())), JobProgress.none());
        assertThat(same.published()).as(String.join("\n", same.report().gate().reasons())).isTrue();
        assertThat(same.report().gate().reasons()).last().asString().startsWith("pass: test nDCG@10");
    }

    @Test
    void withoutTrainingPairsNothingIsTrainedAndTheGateSaysWhy() {
        // Three clicks: all of them land in validation and test.
        List<ClickPair> pairs = clicks(3);
        TrainingJobSettings settings = new TrainingJobSettings(0.5, 0.49, List.of(0.0, 0.5, 1.0),
                settings().training(), settings().gate());

        TrainingOutcome outcome = new TrainingJob(settings).run(pairs, catalogue, embedder(new ArrayList<>()),
                List.of(), JobProgress.none());

        assertThat(outcome.published()).isFalse();
        assertThat(outcome.report().training()).isNull();
        assertThat(outcome.report().counts().trainPairs()).isZero();
        assertThat(outcome.report().gate().reasons()).contains("FAIL: training pairs 0 < 30",
                "FAIL: residual scale 0 chosen on validation: no scale beat the base model there");
    }

    private float[] gaussian(float sigma) {
        float[] v = new float[DIMS];
        for (int j = 0; j < DIMS; j++) {
            v[j] = sigma * (float) random.nextGaussian();
        }
        return v;
    }
}
