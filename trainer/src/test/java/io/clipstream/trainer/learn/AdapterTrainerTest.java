package io.clipstream.trainer.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.model.adapter.EmbeddingAdapter;
import io.clipstream.model.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AdapterTrainerTest {

    @Test
    void sameSeedGivesIdenticalWeightsWithOneOrThreeThreadsAndAnotherSeedDoesNot() {
        Random random = new Random(3);
        // d = 48 and batches of 32 put every product above the inline threshold, so three threads really split it.
        float[][] queries = GradientCheckTest.gaussian(random, 40, 48);
        float[][] images = GradientCheckTest.gaussian(random, 60, 48);
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int[] hard = {random.nextInt(60), random.nextInt(60), random.nextInt(60)};
            examples.add(new TrainingExample(random.nextInt(40), random.nextInt(60), 0.5f + random.nextFloat(), hard));
        }
        TrainingSettings base = TrainingSettings.defaults().toBuilder().epochs(3).steps(1, 1000).batchSize(32)
                .hardNegatives(0.5, 1, 3).learningRate(5e-3).build();

        TrainedAdapters one = AdapterTrainer.train(queries, images, examples, base.toBuilder().threads(1).build(),
                TrainingProgress.none());
        TrainedAdapters three = AdapterTrainer.train(queries, images, examples, base.toBuilder().threads(3).build(),
                TrainingProgress.none());
        TrainedAdapters otherSeed = AdapterTrainer.train(queries, images, examples,
                base.toBuilder().threads(3).seed(base.seed() + 1).build(), TrainingProgress.none());

        assertThat(three.text().weight()).isEqualTo(one.text().weight());
        assertThat(three.text().bias()).isEqualTo(one.text().bias());
        assertThat(three.image().weight()).isEqualTo(one.image().weight());
        assertThat(three.image().bias()).isEqualTo(one.image().bias());
        assertThat(three.logitScale()).isEqualTo(one.logitScale());
        assertThat(three.checks()).extracting(TrainingCheck::loss)
                .isEqualTo(one.checks().stream().map(TrainingCheck::loss).toList());
        assertThat(otherSeed.text().weight()).isNotEqualTo(one.text().weight());
        assertThat(otherSeed.image().weight()).isNotEqualTo(one.image().weight());
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void learnsToUndoARotationOfTheTextSpace(LossKind loss) {
        // Queries are images seen through a signed permutation: base retrieval is at chance, the map is learnable.
        Random random = new Random(11);
        int dims = 16;
        int pairs = 60;
        float[][] images = GradientCheckTest.gaussian(random, pairs, dims);
        int[] permutation = shuffled(random, dims);
        float[][] queries = new float[pairs][dims];
        for (int p = 0; p < pairs; p++) {
            for (int j = 0; j < dims; j++) {
                queries[p][permutation[j]] = (j % 2 == 0 ? 1 : -1) * images[p][j]
                        + 0.05f * (float) random.nextGaussian();
            }
        }
        List<TrainingExample> examples = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            examples.add(new TrainingExample(p, p, 1f));
        }
        List<TrainingCheck> seen = new ArrayList<>();
        TrainingSettings settings = TrainingSettings.defaults().toBuilder().loss(loss).epochs(150).steps(100, 10_000)
                .batchSize(20).learningRate(1e-2).identityWeight(1e-6).threads(1).build();

        TrainedAdapters trained = AdapterTrainer.train(queries, images, examples, settings, seen::add);

        // 60 pairs in batches of 20: 450 steps, checked 20 times; no validation, so the last step is kept.
        assertThat(seen).hasSize(20).last().extracting(TrainingCheck::step).isEqualTo(450);
        assertThat(trained.run().steps()).isEqualTo(450);
        assertThat(trained.run().bestStep()).isEqualTo(450);
        assertThat(seen.getLast().loss()).isLessThan(seen.getFirst().loss() / 3);
        assertThat(seen.getFirst().pairsPerSecond()).isPositive();
        assertThat(topOneAccuracy(queries, images, trained.atScale(0))).isLessThan(0.2);
        assertThat(topOneAccuracy(queries, images, trained)).isGreaterThan(0.9);
    }

    @Test
    void theBudgetGrowsWithTheDataBetweenItsFloorAndCeiling() {
        TrainingSettings settings = TrainingSettings.defaults().toBuilder().epochs(20).steps(600, 20_000).build();
        assertThat(settings.budgetSteps(10)).isEqualTo(600);
        assertThat(settings.budgetSteps(100)).isEqualTo(2000);
        assertThat(settings.budgetSteps(5000)).isEqualTo(20_000);

        // 12 pairs in batches of 4 make 3 batches: 20 epochs would be 60 steps, the floor makes it 200.
        Random random = new Random(2);
        float[][] vectors = GradientCheckTest.gaussian(random, 12, 6);
        List<TrainingExample> examples = new ArrayList<>();
        for (int p = 0; p < 12; p++) {
            examples.add(new TrainingExample(p, p, 1f));
        }
        TrainedAdapters small = AdapterTrainer.train(vectors, vectors, examples, settings.toBuilder()
                .steps(200, 1000).batchSize(4).threads(1).build(), TrainingProgress.none());
        assertThat(small.run().batchesPerEpoch()).isEqualTo(3);
        assertThat(small.run().budgetSteps()).isEqualTo(200);
        assertThat(small.run().steps()).isEqualTo(200);
        assertThat(small.run().stoppedEarly()).isFalse();
        assertThat(small.run().summary()).startsWith("200 steps (20 epochs of 3 batches, at least 200, at most 1000)");
    }

    @Test
    void earlyStoppingKeepsTheBestCheckAndStopsWhenPatienceRunsOut() {
        Random random = new Random(4);
        float[][] queries = GradientCheckTest.gaussian(random, 60, 8);
        float[][] images = GradientCheckTest.gaussian(random, 60, 8);
        List<TrainingExample> examples = new ArrayList<>();
        for (int p = 0; p < 60; p++) {
            examples.add(new TrainingExample(p, p, 1f));
        }
        // 3 batches of 20 per epoch, 100 epochs: a budget of 300 steps checked every 15.
        TrainingSettings settings = TrainingSettings.defaults().toBuilder().epochs(100).steps(10, 10_000)
                .earlyStopping(20, 3).batchSize(20).learningRate(1e-2).threads(1).build();
        // Validation improves up to the 4th check (step 60), then declines.
        int[] calls = {0};
        ValidationScore peaksAtStepSixty = candidate -> {
            calls[0]++;
            return -Math.abs(calls[0] - 4);
        };

        TrainedAdapters stopped = AdapterTrainer.train(queries, images, examples, settings, peaksAtStepSixty,
                TrainingProgress.none());

        TrainingRun run = stopped.run();
        assertThat(run.budgetSteps()).isEqualTo(300);
        assertThat(run.checks()).extracting(TrainingCheck::step).containsExactly(15, 30, 45, 60, 75, 90, 105);
        assertThat(run.checks()).extracting(TrainingCheck::best)
                .containsExactly(true, true, true, true, false, false, false);
        assertThat(run.stoppedEarly()).isTrue();
        assertThat(run.steps()).isEqualTo(105);
        assertThat(run.bestStep()).isEqualTo(60);
        assertThat(run.summary()).startsWith("stopped early after 105 of a budget of 300 steps")
                .contains("kept step 60");
        // The kept parameters are exactly those after step 60: a run of exactly 60 steps gives the same weights.
        TrainedAdapters sixty = AdapterTrainer.train(queries, images, examples,
                settings.toBuilder().steps(60, 60).build(), TrainingProgress.none());
        assertThat(stopped.text().weight()).isEqualTo(sixty.text().weight());
        assertThat(stopped.image().bias()).isEqualTo(sixty.image().bias());
    }

    @Test
    void earlyStoppingWaitsForTheFloor() {
        Random random = new Random(6);
        float[][] vectors = GradientCheckTest.gaussian(random, 60, 8);
        List<TrainingExample> examples = new ArrayList<>();
        for (int p = 0; p < 60; p++) {
            examples.add(new TrainingExample(p, (p + 1) % 60, 1f));
        }
        TrainingSettings settings = TrainingSettings.defaults().toBuilder().epochs(100).steps(90, 10_000)
                .earlyStopping(20, 1).batchSize(20).threads(1).build();
        int[] calls = {0};
        // Best at the first check, worse at every later one: patience 1 would stop at step 30 but for the floor.
        ValidationScore onlyWorse = candidate -> -(++calls[0]);

        TrainingRun run = AdapterTrainer.train(vectors, vectors, examples, settings, onlyWorse,
                TrainingProgress.none()).run();

        assertThat(run.steps()).isEqualTo(90);
        assertThat(run.bestStep()).isEqualTo(15);
        assertThat(run.checks()).hasSize(6);
    }

    @Test
    void logitScaleIsClampedAndStaysFixedWhenNotLearnt() {
        Random random = new Random(5);
        float[][] vectors = GradientCheckTest.gaussian(random, 30, 8);
        List<TrainingExample> examples = new ArrayList<>();
        for (int p = 0; p < 30; p++) {
            examples.add(new TrainingExample(p, p, 1f));
        }
        TrainingSettings settings = TrainingSettings.defaults().toBuilder().epochs(40).batchSize(10)
                .learningRate(0.05).initialTemperature(0.1).maxLogitScale(12).threads(1).build();

        TrainedAdapters learnt = AdapterTrainer.train(vectors, vectors, examples, settings, TrainingProgress.none());
        TrainedAdapters fixed = AdapterTrainer.train(vectors, vectors, examples,
                settings.toBuilder().learnTemperature(false).build(), TrainingProgress.none());

        // Identical pairs are easy: the scale grows until the clamp stops it.
        assertThat(learnt.logitScale()).isCloseTo(12, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(fixed.logitScale()).isCloseTo(10, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void scaleZeroIsTheBaseModel() {
        Random random = new Random(9);
        float[][] vectors = GradientCheckTest.gaussian(random, 12, 6);
        List<TrainingExample> examples = new ArrayList<>();
        for (int p = 0; p < 12; p++) {
            examples.add(new TrainingExample(p, (p + 1) % 12, 1f));
        }
        TrainedAdapters trained = AdapterTrainer.train(vectors, vectors, examples,
                TrainingSettings.defaults().toBuilder().epochs(5).batchSize(4).threads(1).build(),
                TrainingProgress.none());

        float[] base = Vectors.normalizeInPlace(vectors[3].clone());
        assertThat(trained.atScale(0).image().apply(vectors[3])).containsExactly(base);
        assertThat(trained.image().apply(vectors[3])).isNotEqualTo(base);
        assertThat(trained.atScale(0.5).text().scale()).isEqualTo(0.5f);
    }

    @Test
    void refusesExamplesThatPointNowhere() {
        float[][] vectors = {{1, 0}, {0, 1}};
        TrainingSettings settings = TrainingSettings.defaults();
        assertThatThrownBy(() -> AdapterTrainer.train(vectors, vectors, List.of(new TrainingExample(0, 2, 1f)),
                settings, TrainingProgress.none())).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> AdapterTrainer.train(vectors, new float[][] {{1, 0}, {0, 0}},
                List.of(new TrainingExample(0, 1, 1f)), settings, TrainingProgress.none()))
                .hasMessageContaining("image vector 1 is zero");
        assertThatThrownBy(() -> new TrainingExample(0, 0, 0f)).hasMessageContaining("positive");
    }

    private static double topOneAccuracy(float[][] queries, float[][] images, TrainedAdapters adapters) {
        EmbeddingAdapter text = adapters.text();
        EmbeddingAdapter image = adapters.image();
        float[][] adaptedImages = new float[images.length][];
        for (int i = 0; i < images.length; i++) {
            adaptedImages[i] = image.apply(images[i]);
        }
        int hits = 0;
        for (int q = 0; q < queries.length; q++) {
            float[] t = text.apply(queries[q]);
            int best = 0;
            for (int i = 1; i < images.length; i++) {
                if (Vectors.dot(t, adaptedImages[i]) > Vectors.dot(t, adaptedImages[best])) {
                    best = i;
                }
            }
            hits += best == q ? 1 : 0;
        }
        return hits / (double) queries.length;
    }

    private static int[] shuffled(Random random, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
