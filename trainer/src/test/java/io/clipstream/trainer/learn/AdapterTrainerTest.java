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
        TrainingSettings base = TrainingSettings.defaults().toBuilder().epochs(3).batchSize(32)
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
        assertThat(three.epochs()).extracting(EpochSummary::loss)
                .isEqualTo(one.epochs().stream().map(EpochSummary::loss).toList());
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
        List<EpochSummary> seen = new ArrayList<>();
        TrainingSettings settings = TrainingSettings.defaults().toBuilder().loss(loss).epochs(150).batchSize(20)
                .learningRate(1e-2).identityWeight(1e-6).threads(1).build();

        TrainedAdapters trained = AdapterTrainer.train(queries, images, examples, settings, seen::add);

        assertThat(seen).hasSize(150);
        assertThat(seen.getLast().loss()).isLessThan(seen.getFirst().loss() / 3);
        assertThat(seen.getFirst().pairsPerSecond()).isPositive();
        assertThat(topOneAccuracy(queries, images, trained.atScale(0))).isLessThan(0.2);
        assertThat(topOneAccuracy(queries, images, trained)).isGreaterThan(0.9);
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
