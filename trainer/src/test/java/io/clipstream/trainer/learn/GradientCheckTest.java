package io.clipstream.trainer.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.trainer.compute.ParallelRanges;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every analytic gradient entry (both towers' W and b, log logit scale, sigmoid bias) against central finite
 * differences of the loss, in double precision, on a small random problem that has masked in-batch pairs, shared
 * and skipped hard negatives, and unequal weights.
 */
class GradientCheckTest {

    private static final int DIMS = 5;
    /** Measured worst entries: 9e-10 to 2e-8 relative (central differences, step 1e-5, in double). */
    private static final double STEP = 1e-5;
    private static final double TOLERANCE = 1e-6;

    @ParameterizedTest
    @CsvSource({"INFO_NCE, false", "INFO_NCE, true", "SIGMOID, false", "SIGMOID, true"})
    void analyticGradientsMatchFiniteDifferences(LossKind kind, boolean hardNegatives) {
        Random random = new Random(kind.ordinal() * 10L + (hardNegatives ? 1 : 0));
        float[][] queries = gaussian(random, 5, DIMS);
        float[][] images = gaussian(random, 9, DIMS);
        List<TrainingExample> examples = List.of(
                new TrainingExample(0, 0, 1.0f, new int[] {5, 6, 1}),
                new TrainingExample(1, 1, 2.5f, new int[] {6, 7}),
                new TrainingExample(2, 2, 0.7f, new int[] {8, 7, 3}),
                new TrainingExample(3, 3, 1.3f),
                new TrainingExample(0, 4, 1.0f),
                new TrainingExample(4, 4, 0.9f, new int[] {0, 5}),
                new TrainingExample(2, 7, 1.0f));
        int[] members = {0, 1, 2, 3, 5};
        TrainingBatch batch = new TrainingBatch(DIMS, members.length, 3);
        new BatchAssembler(queries, images, examples, new PositiveIndex(queries.length, examples))
                .fill(batch, members, 0, members.length, hardNegatives ? 0.6 : 0);
        assertThat(batch.masked[0 * 5 + 4]).as("(q0, i4) is a positive elsewhere").isTrue();
        if (hardNegatives) {
            // e0: 5, 6 (1 is in the batch); e1: 6 (shared row), 7; e2: 8 (7 is a positive of q2, 3 in the batch);
            // e5: 5 (shared row; 0 is in the batch). Six entries on four extra image rows.
            assertThat(batch.hardNegatives()).isEqualTo(6);
            assertThat(batch.images).isEqualTo(5 + 4);
        }

        AdapterParameters params = new AdapterParameters(DIMS);
        for (int i = 0; i < params.adapterEnd(); i++) {
            params.values[i] = 0.3 * random.nextGaussian();
        }
        params.values[params.logScale()] = Math.log(4);
        params.values[params.sigmoidBias()] = -1.5;

        try (ParallelRanges parallel = new ParallelRanges(1)) {
            ContrastiveObjective objective = new ContrastiveObjective(DIMS, members.length, 3, kind, true, 0.01,
                    parallel);
            double[] analytic = new double[params.values.length];
            objective.lossAndGradient(params, batch, analytic);
            double[] numeric = numericGradient(objective, params, batch);

            assertThat(maxError(analytic, numeric)).as("max relative error").isLessThan(TOLERANCE);
            if (kind == LossKind.INFO_NCE) {
                assertThat(analytic[params.sigmoidBias()]).as("InfoNCE has no bias").isZero();
            }
            // The check is sharp: a 0.1% error in any single block's entry is caught.
            int[] blocks = {params.textWeight(), params.textBias(), params.imageWeight(), params.imageBias(),
                    params.logScale(), kind == LossKind.SIGMOID ? params.sigmoidBias() : params.logScale()};
            for (int block : blocks) {
                int entry = largestIn(numeric, block, params);
                double[] wrong = analytic.clone();
                wrong[entry] *= 1.001;
                assertThat(maxError(wrong, numeric)).as("perturbed entry " + entry).isGreaterThan(TOLERANCE);
            }
        }
    }

    private static double[] numericGradient(ContrastiveObjective objective, AdapterParameters params,
                                            TrainingBatch batch) {
        double[] scratch = new double[params.values.length];
        double[] numeric = new double[params.values.length];
        for (int i = 0; i < numeric.length; i++) {
            double original = params.values[i];
            params.values[i] = original + STEP;
            double plus = objective.lossAndGradient(params, batch, scratch);
            params.values[i] = original - STEP;
            double minus = objective.lossAndGradient(params, batch, scratch);
            params.values[i] = original;
            numeric[i] = (plus - minus) / (2 * STEP);
        }
        return numeric;
    }

    /** Max over entries of |a - n| / max(|a|, |n|, 1e-3): relative where the gradient matters, absolute near 0. */
    static double maxError(double[] analytic, double[] numeric) {
        double worst = 0;
        for (int i = 0; i < analytic.length; i++) {
            double scale = Math.max(1e-3, Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])));
            worst = Math.max(worst, Math.abs(analytic[i] - numeric[i]) / scale);
        }
        return worst;
    }

    private static int largestIn(double[] gradient, int block, AdapterParameters params) {
        int end = block == params.logScale() || block == params.sigmoidBias() ? block + 1
                : block == params.textWeight() || block == params.imageWeight() ? block + DIMS * DIMS
                : block + DIMS;
        int best = block;
        for (int i = block; i < end; i++) {
            if (Math.abs(gradient[i]) > Math.abs(gradient[best])) {
                best = i;
            }
        }
        assertThat(Math.abs(gradient[best])).as("block at " + block + " has a gradient").isGreaterThan(1e-3);
        return best;
    }

    static float[][] gaussian(Random random, int rows, int dims) {
        float[][] out = new float[rows][dims];
        for (float[] row : out) {
            for (int j = 0; j < dims; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return out;
    }
}
