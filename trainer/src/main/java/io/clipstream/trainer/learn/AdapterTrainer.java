package io.clipstream.trainer.learn;

import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.trainer.compute.ParallelRanges;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a residual adapter per tower on fixed base embeddings, contrastively (see {@link LossKind}), starting at the
 * identity (all adapter weights zero), with Adam. The result depends on the seed only, never on the thread count.
 *
 * <p>The sigmoid loss's automatic starting bias is {@code -ln(B - 1) - s0 * c}, with B the batch size, s0 the
 * starting logit scale and c the mean base cosine of random (query, image) pairs of the data: the initial model then
 * predicts "match" for a typical pair with probability 1/B, which is the share of positives in a batch. SigLIP's
 * fixed -10 is this rule for its 32k batches (ln 32768 = 10.4); with the batches of a few hundred pairs trained here,
 * -10 would start far below every logit and spend the first steps moving the bias.
 */
public final class AdapterTrainer {

    private static final int BIAS_SAMPLES = 4096;

    private AdapterTrainer() {
    }

    /**
     * @param queryVectors base text vectors (any length, normalised here), indexed by {@link TrainingExample#query()}
     * @param imageVectors base image vectors, indexed by {@link TrainingExample#image()} and hard negatives
     */
    public static TrainedAdapters train(float[][] queryVectors, float[][] imageVectors, List<TrainingExample> examples,
                                        TrainingSettings settings, TrainingProgress progress) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        int dims = checkVectors("query", queryVectors, -1);
        checkVectors("image", imageVectors, dims);
        checkExamples(examples, queryVectors.length, imageVectors.length);

        SplittableRandom random = new SplittableRandom(settings.seed());
        int capacity = Math.min(settings.batchSize(), examples.size());
        int maxHard = settings.hardNegativesEnabled() ? settings.maxHardNegatives() : 0;
        AdapterParameters params = new AdapterParameters(dims);
        double theta = Math.log(1 / settings.initialTemperature());
        params.values[params.logScale()] = theta;
        params.values[params.sigmoidBias()] = Double.isNaN(settings.sigmoidInitialBias())
                ? automaticBias(queryVectors, imageVectors, examples, capacity, Math.exp(theta), random.split())
                : settings.sigmoidInitialBias();
        double maxTheta = Math.log(settings.maxLogitScale());

        List<EpochSummary> epochs = new ArrayList<>();
        try (ParallelRanges parallel = new ParallelRanges(settings.threads())) {
            ContrastiveObjective objective = new ContrastiveObjective(dims, capacity, maxHard, settings.loss(),
                    settings.learnTemperature(), settings.identityWeight(), parallel);
            AdamOptimizer optimizer = new AdamOptimizer(params.values.length, settings, parallel);
            BatchAssembler assembler = new BatchAssembler(queryVectors, imageVectors, examples,
                    new PositiveIndex(queryVectors.length, examples));
            BatchPlanner planner = new BatchPlanner(examples, queryVectors.length, imageVectors.length, capacity);
            TrainingBatch batch = new TrainingBatch(dims, capacity, maxHard);
            double[] grad = new double[params.values.length];

            for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                long start = System.nanoTime();
                boolean hard = maxHard > 0 && epoch >= settings.hardNegativeWarmupEpochs();
                BatchPlanner.Plan plan = planner.plan(random);
                double lossSum = 0;
                for (int b = 0; b < plan.batches(); b++) {
                    int from = plan.batchStart()[b];
                    int to = plan.batchStart()[b + 1];
                    assembler.fill(batch, plan.members(), from, to, hard ? settings.hardNegativeWeight() : 0);
                    double loss = objective.lossAndGradient(params, batch, grad);
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("training diverged: loss " + loss + " in epoch " + (epoch + 1)
                                + "; lower the learning rate");
                    }
                    lossSum += loss * (to - from);
                    optimizer.step(params.values, grad);
                    params.values[params.logScale()] = Math.min(params.values[params.logScale()], maxTheta);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                EpochSummary summary = new EpochSummary(epoch + 1, settings.epochs(), lossSum / examples.size(),
                        plan.batches(), examples.size(), seconds, examples.size() / Math.max(seconds, 1e-9),
                        Math.exp(params.theta()), params.bias(), hard);
                epochs.add(summary);
                progress.onEpoch(summary);
            }
        }
        return new TrainedAdapters(tower(params, params.textWeight(), params.textBias()),
                tower(params, params.imageWeight(), params.imageBias()), Math.exp(params.theta()), params.bias(),
                epochs);
    }

    private static ResidualAdapter tower(AdapterParameters p, int weight, int bias) {
        return new ResidualAdapter(p.dims, p.floats(weight, p.dims * p.dims), p.floats(bias, p.dims), 1f);
    }

    static double automaticBias(float[][] queries, float[][] images, List<TrainingExample> examples, int batchSize,
                                double scale, SplittableRandom random) {
        double sum = 0;
        for (int s = 0; s < BIAS_SAMPLES; s++) {
            TrainingExample a = examples.get(random.nextInt(examples.size()));
            TrainingExample b = examples.get(random.nextInt(examples.size()));
            sum += cosine(queries[a.query()], images[b.image()]);
        }
        return -Math.log(Math.max(1, batchSize - 1)) - scale * sum / BIAS_SAMPLES;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static int checkVectors(String kind, float[][] vectors, int dims) {
        if (vectors.length == 0) {
            throw new IllegalArgumentException("no " + kind + " vectors");
        }
        int expected = dims > 0 ? dims : vectors[0].length;
        for (int i = 0; i < vectors.length; i++) {
            float[] v = vectors[i];
            if (v == null || v.length != expected) {
                throw new IllegalArgumentException(kind + " vector " + i + " is " + (v == null ? "missing"
                        : v.length + "-d") + ", expected " + expected + "-d");
            }
            double sum = 0;
            for (float x : v) {
                sum += (double) x * x;
            }
            if (!(sum > 0) || !Double.isFinite(sum)) {
                throw new IllegalArgumentException(kind + " vector " + i + " is zero or not finite");
            }
        }
        return expected;
    }

    private static void checkExamples(List<TrainingExample> examples, int queries, int images) {
        for (TrainingExample e : examples) {
            if (e.query() < 0 || e.query() >= queries || e.image() < 0 || e.image() >= images) {
                throw new IllegalArgumentException("example " + e + " refers to a vector that does not exist");
            }
            for (int h : e.hardNegatives()) {
                if (h < 0 || h >= images) {
                    throw new IllegalArgumentException("hard negative " + h + " of example (" + e.query() + ", "
                            + e.image() + ") does not exist");
                }
            }
        }
    }
}
