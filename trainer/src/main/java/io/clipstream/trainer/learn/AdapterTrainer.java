package io.clipstream.trainer.learn;

import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.trainer.compute.ParallelRanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains a residual adapter per tower on fixed base embeddings, contrastively (see {@link LossKind}), starting at the
 * identity (all adapter weights zero), with Adam, for a step budget that follows the data (see
 * {@link TrainingSettings}): at each of its checks a {@link ValidationScore} scores the adapters, the best check's
 * parameters are kept, and training stops once the score has not improved for {@code patience} checks. The result
 * depends on the seed only, never on the thread count.
 *
 * <p>The sigmoid loss's automatic starting bias is {@code -ln(B - 1) - s0 * c}, with B the batch size, s0 the
 * starting logit scale and c the mean base cosine of random (query, image) pairs of the data: the initial model then
 * predicts "match" for a typical pair with probability 1/B, which is the share of positives in a batch. SigLIP's
 * fixed -10 is this rule for its 32k batches (ln 32768 = 10.4); with the batches of a few hundred pairs trained here,
 * -10 would start far below every logit and spend the first steps moving the bias.
 */
public final class AdapterTrainer {

    private static final int BIAS_SAMPLES = 4096;
    private static final TrainingRun IN_PROGRESS = new TrainingRun(0, 0, 0, 0, false, "in progress", List.of());

    private AdapterTrainer() {
    }

    /** Trains without a validation split: the whole step budget, keeping the last step. */
    public static TrainedAdapters train(float[][] queryVectors, float[][] imageVectors, List<TrainingExample> examples,
                                        TrainingSettings settings, TrainingProgress progress) {
        return train(queryVectors, imageVectors, examples, settings, null, progress);
    }

    /**
     * @param queryVectors base text vectors (any length, normalised here), indexed by {@link TrainingExample#query()}
     * @param imageVectors base image vectors, indexed by {@link TrainingExample#image()} and hard negatives
     * @param validation scores the adapters at each check for early stopping; null runs the whole budget and keeps
     *                   the last step
     */
    public static TrainedAdapters train(float[][] queryVectors, float[][] imageVectors, List<TrainingExample> examples,
                                        TrainingSettings settings, ValidationScore validation,
                                        TrainingProgress progress) {
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

        try (ParallelRanges parallel = new ParallelRanges(settings.threads())) {
            ContrastiveObjective objective = new ContrastiveObjective(dims, capacity, maxHard, settings.loss(),
                    settings.learnTemperature(), settings.identityWeight(), parallel);
            AdamOptimizer optimizer = new AdamOptimizer(params.values.length, settings, parallel);
            BatchAssembler assembler = new BatchAssembler(queryVectors, imageVectors, examples,
                    new PositiveIndex(queryVectors.length, examples));
            BatchPlanner planner = new BatchPlanner(examples, queryVectors.length, imageVectors.length, capacity);
            TrainingBatch batch = new TrainingBatch(dims, capacity, maxHard);
            double[] grad = new double[params.values.length];

            BatchPlanner.Plan plan = planner.plan(random);
            int batchesPerEpoch = plan.batches();
            int budget = settings.budgetSteps(batchesPerEpoch);
            int interval = Math.max(1, (budget + settings.validationChecks() - 1) / settings.validationChecks());
            Checkpoints checkpoints = new Checkpoints(dims, budget, settings, validation);
            int step = 0;
            int epoch = 0;
            long checkStart = System.nanoTime();
            double lossSum = 0;
            long pairs = 0;
            training:
            while (true) {
                boolean hard = maxHard > 0 && epoch >= settings.hardNegativeWarmupEpochs();
                for (int b = 0; b < plan.batches(); b++) {
                    int from = plan.batchStart()[b];
                    int to = plan.batchStart()[b + 1];
                    assembler.fill(batch, plan.members(), from, to, hard ? settings.hardNegativeWeight() : 0);
                    double loss = objective.lossAndGradient(params, batch, grad);
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("training diverged: loss " + loss + " at step " + (step + 1)
                                + "; lower the learning rate");
                    }
                    lossSum += loss * (to - from);
                    pairs += to - from;
                    optimizer.step(params.values, grad);
                    params.values[params.logScale()] = Math.min(params.values[params.logScale()], maxTheta);
                    step++;
                    if (step % interval == 0 || step == budget) {
                        TrainingCheck check = checkpoints.check(params, step, epoch + 1, lossSum / pairs, pairs,
                                (System.nanoTime() - checkStart) / 1e9, hard);
                        progress.onCheck(check);
                        lossSum = 0;
                        pairs = 0;
                        checkStart = System.nanoTime();
                        if (step == budget || checkpoints.shouldStop(step)) {
                            break training;
                        }
                    }
                }
                epoch++;
                plan = planner.plan(random);
            }
            return checkpoints.result(batchesPerEpoch, step);
        }
    }

    /** The checks of one run: the best parameters so far and when to stop. */
    private static final class Checkpoints {
        private final int dims;
        private final int budget;
        private final TrainingSettings settings;
        private final ValidationScore validation;
        private final List<TrainingCheck> checks = new ArrayList<>();
        private double[] bestValues;
        private int bestStep;
        private double bestScore = Double.NEGATIVE_INFINITY;
        private int sinceBest;

        Checkpoints(int dims, int budget, TrainingSettings settings, ValidationScore validation) {
            this.dims = dims;
            this.budget = budget;
            this.settings = settings;
            this.validation = validation;
        }

        TrainingCheck check(AdapterParameters params, int step, int epoch, double loss, long pairs, double seconds,
                            boolean hard) {
            Double score = null;
            boolean best = true;
            if (validation != null) {
                score = validation.score(adapters(params, null));
                if (!Double.isFinite(score)) {
                    throw new IllegalStateException("the validation score at step " + step + " is " + score);
                }
                // Strictly better only: on a tie the earlier step, closer to the base model, stays.
                best = score > bestScore;
            }
            if (best) {
                bestScore = validation != null ? score : bestScore;
                bestValues = params.values.clone();
                bestStep = step;
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            TrainingCheck check = new TrainingCheck(step, epoch, budget, loss, pairs, seconds, score, best,
                    Math.exp(params.theta()), params.bias(), hard);
            checks.add(check);
            return check;
        }

        boolean shouldStop(int step) {
            return validation != null && step >= settings.minSteps() && sinceBest >= settings.patience();
        }

        TrainedAdapters result(int batchesPerEpoch, int steps) {
            boolean early = steps < budget;
            String summary;
            if (validation == null) {
                summary = String.format(Locale.ROOT, "%d steps (%d epochs of %d batches, at least %d, at most %d); "
                        + "no validation split, so the last step is kept", steps, settings.epochs(), batchesPerEpoch,
                        settings.minSteps(), settings.maxSteps());
            } else {
                summary = String.format(Locale.ROOT, "%s %d of a budget of %d steps (%d epochs of %d batches, at "
                                + "least %d, at most %d); kept step %d, validation nDCG@10 %.3f",
                        early ? "stopped early after" : "ran", steps, budget, settings.epochs(), batchesPerEpoch,
                        settings.minSteps(), settings.maxSteps(), bestStep, bestScore)
                        + (early ? String.format(Locale.ROOT, ", not bettered in the %d checks after it",
                        settings.patience()) : "");
            }
            AdapterParameters best = new AdapterParameters(dims);
            System.arraycopy(bestValues, 0, best.values, 0, bestValues.length);
            return adapters(best, new TrainingRun(batchesPerEpoch, budget, steps, bestStep, early, summary, checks));
        }
    }

    private static TrainedAdapters adapters(AdapterParameters p, TrainingRun run) {
        return new TrainedAdapters(tower(p, p.textWeight(), p.textBias()), tower(p, p.imageWeight(), p.imageBias()),
                Math.exp(p.theta()), p.bias(), run == null ? IN_PROGRESS : run);
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
