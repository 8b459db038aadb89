package io.clipstream.trainer.planted;

import io.clipstream.testing.planted.ConceptFamily;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.events.ClickPair;
import io.clipstream.trainer.eval.RetrievalMetrics;
import io.clipstream.trainer.eval.ScalePoint;
import io.clipstream.trainer.job.JobProgress;
import io.clipstream.trainer.job.TrainingJob;
import io.clipstream.trainer.job.TrainingOutcome;
import io.clipstream.trainer.job.TrainingReport;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end on the real tiny CLIP model: planted concepts, simulated position-biased clicks, one
 * {@link TrainingJob} run each. See {@link PlantedScenario} for the world.
 *
 * <p>Measured over world seeds 1-3 x click seeds 1-6 (this test runs world 1 with clicks 1), held-out test split,
 * default gate:
 * <ul>
 *   <li>planted clicks, no guardrail: recall@10 0.23-0.31 before, 0.59-0.75 after (+0.29 to +0.47), nDCG@10
 *       0.09-0.14 before, 0.38-0.48 after; residual scale 0.6-1.0; published 18 of 18;</li>
 *   <li>with the guardrail: scale 0.3-1.0 (below validation's choice in 17 of 18), recall@10 +0.13 to +0.45,
 *       guardrail nDCG@10 -0.018 to +0.029; published 18 of 18;</li>
 *   <li>random clicks: scale 0 chosen, or a test gain below +0.02 or not significant at 99%; refused 18 of 18.</li>
 * </ul>
 * The +0.20 bound on recall is well below the smallest gain measured (+0.29): the base model ranks at about chance
 * for these concepts, and the adapters separate six colour-and-shape clusters that the tiny model's random features
 * already partly tell apart (an image's 10 nearest neighbours share its family two times in three).
 */
class PlantedConceptTest {

    private static final long WORLD_SEED = 1;
    private static final long CLICK_SEED = 1;

    private static PlantedWorld world;
    private static ClickSimulator simulator;

    @BeforeAll
    static void embedTheWorld() throws Exception {
        world = PlantedWorld.create(ConceptFamily.ALL, PlantedScenario.IMAGES_PER_FAMILY, WORLD_SEED);
        simulator = new ClickSimulator(world, PlantedScenario.LIBRARIES);
    }

    @AfterAll
    static void close() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void clicksOnPlantedConceptsLiftHeldOutRecallAndPublish() {
        List<ClickPair> clicks = simulator.searches(PlantedScenario.CLICKED, PlantedScenario.SEARCHES, CLICK_SEED);

        TrainingOutcome outcome = run(clicks, false);

        TrainingReport report = outcome.report();
        RetrievalMetrics before = report.test().before();
        RetrievalMetrics after = report.test().after();
        assertThat(after.recallAt10() - before.recallAt10()).as("test recall@10 %.3f -> %.3f", before.recallAt10(),
                after.recallAt10()).isGreaterThanOrEqualTo(0.20);
        assertThat(after.ndcgAt10() - before.ndcgAt10()).as("test nDCG@10").isGreaterThan(0.15);
        assertThat(report.counts().testQueries()).isEqualTo(24);
        assertThat(outcome.published()).as(String.join("\n", report.gate().reasons())).isTrue();
        assertThat(report.gate().reasons()).allMatch(reason -> reason.startsWith("pass: "));
        assertThat(outcome.adapters().orElseThrow().text().scale()).isEqualTo((float) report.chosenScale());
        assertThat(report.training().epochs()).hasSize(100);
        assertThat(report.training().epochs().getLast().loss())
                .isLessThan(report.training().epochs().getFirst().loss());
    }

    @Test
    void randomClicksAreRefusedAndTheReasonsSayWhy() {
        List<ClickPair> clicks = simulator.randomLabelSearches(PlantedScenario.CLICKED, PlantedScenario.SEARCHES,
                CLICK_SEED);

        TrainingOutcome outcome = run(clicks, false);

        List<String> reasons = outcome.report().gate().reasons();
        assertThat(outcome.published()).isFalse();
        assertThat(outcome.adapters()).isEmpty();
        // Plenty of data: the refusal is about the (absent) gain, not about volume.
        assertThat(reasons).contains("pass: training pairs " + outcome.report().counts().trainPairs() + " ≥ 100",
                "pass: test queries 24 ≥ 20");
        assertThat(reasons.stream().filter(reason -> reason.startsWith("FAIL: ")))
                .isNotEmpty()
                .allMatch(reason -> reason.startsWith("FAIL: residual scale 0") || reason.startsWith("FAIL: test "));
    }

    @Test
    void conceptsWithoutClicksStayWithinTheGuardrailMargin() {
        List<ClickPair> clicks = simulator.searches(PlantedScenario.CLICKED, PlantedScenario.SEARCHES, CLICK_SEED);

        TrainingOutcome outcome = run(clicks, true);

        TrainingReport report = outcome.report();
        double before = report.guardrail().before().ndcgAt10();
        assertThat(report.counts().guardrailQueries()).isEqualTo(64);
        assertThat(report.guardrail().after().ndcgAt10()).as("guardrail nDCG@10")
                .isGreaterThanOrEqualTo(before - 0.02);
        // Unseen concepts gain at small scales and lose at large ones; validation alone would have picked a scale
        // past the margin, so the scan stopped below it.
        ScalePoint preferred = report.scaleScan().stream()
                .filter(point -> point.scale() == report.bestValidationScale()).findFirst().orElseThrow();
        assertThat(before - preferred.guardrail().ndcgAt10()).as("drop at validation's choice").isGreaterThan(0.02);
        assertThat(report.chosenScale()).isPositive().isLessThan(report.bestValidationScale());
        assertThat(outcome.published()).as(String.join("\n", report.gate().reasons())).isTrue();
        assertThat(report.gate().reasons()).anyMatch(reason -> reason.contains("scored higher there but dropped"));
        assertThat(report.test().after().recallAt10() - report.test().before().recallAt10()).isGreaterThan(0.1);
    }

    private static TrainingOutcome run(List<ClickPair> clicks, boolean withGuardrail) {
        return new TrainingJob(PlantedScenario.settings(CLICK_SEED)).run(clicks, world.catalogue,
                world.textEmbedder(), withGuardrail ? PlantedScenario.guardrail(world) : List.of(),
                JobProgress.none());
    }
}
