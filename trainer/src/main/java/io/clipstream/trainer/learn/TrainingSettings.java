package io.clipstream.trainer.learn;

/**
 * How {@link AdapterTrainer} trains.
 *
 * <p>The step budget adapts to the data: {@code epochs} passes over the training pairs, but never fewer than
 * {@code minSteps} optimizer steps (a few hundred pairs make one or two batches, and a handful of steps would barely
 * leave the identity) and never more than {@code maxSteps}. With a validation split, training checks it
 * {@code validationChecks} times over the budget, keeps the parameters of the best check, and stops once
 * {@code patience} checks in a row brought no improvement, though never before {@code minSteps}.
 *
 * @param loss contrastive objective
 * @param epochs passes over the training pairs the budget aims at
 * @param minSteps the budget's floor, in optimizer steps; early stopping waits for it too
 * @param maxSteps the budget's ceiling, in optimizer steps
 * @param validationChecks how many times validation is scored over the budget
 * @param patience checks without a better validation score after which training stops
 * @param batchSize pairs per step at most (a batch holds each query text and each image once, so conflicting pairs
 *                  wait for a later batch and some batches are smaller)
 * @param learningRate Adam step size
 * @param beta1 Adam first-moment decay
 * @param beta2 Adam second-moment decay
 * @param epsilon Adam denominator guard
 * @param maxGradientNorm clip the global gradient norm to this; 0 turns clipping off
 * @param identityWeight weight of the squared norm of all adapter weights and biases (pulls toward the identity)
 * @param initialTemperature softmax temperature at the start; the logit scale is its inverse
 * @param learnTemperature whether the log logit scale is trained
 * @param maxLogitScale the logit scale is clamped to at most this (CLIP: 100)
 * @param sigmoidInitialBias starting bias of the sigmoid loss; NaN picks it from the data (see
 *                           {@link AdapterTrainer})
 * @param hardNegativeWeight how many in-batch negatives one shown-but-not-clicked image counts for; 0 turns hard
 *                           negatives off
 * @param hardNegativeWarmupEpochs epochs trained on in-batch negatives only before hard negatives join
 * @param maxHardNegatives hard negatives per pair at most (the best ranked ones)
 * @param seed fixes batch order and everything else random; the result does not depend on {@code threads}
 * @param threads worker threads for the matrix work
 */
public record TrainingSettings(
        LossKind loss,
        int epochs,
        int minSteps,
        int maxSteps,
        int validationChecks,
        int patience,
        int batchSize,
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double maxGradientNorm,
        double identityWeight,
        double initialTemperature,
        boolean learnTemperature,
        double maxLogitScale,
        double sigmoidInitialBias,
        double hardNegativeWeight,
        int hardNegativeWarmupEpochs,
        int maxHardNegatives,
        long seed,
        int threads) {

    public TrainingSettings {
        if (loss == null) {
            throw new IllegalArgumentException("loss must be set");
        }
        positive("epochs", epochs);
        positive("minSteps", minSteps);
        positive("validationChecks", validationChecks);
        positive("patience", patience);
        if (maxSteps < minSteps) {
            throw new IllegalArgumentException("maxSteps must be at least minSteps, got " + maxSteps + " < "
                    + minSteps);
        }
        positive("batchSize", batchSize);
        positive("threads", threads);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("Adam needs 0 <= beta1, beta2 < 1 and epsilon > 0, got " + beta1
                    + ", " + beta2 + ", " + epsilon);
        }
        if (!(maxGradientNorm >= 0) || !(identityWeight >= 0) || !(hardNegativeWeight >= 0)) {
            throw new IllegalArgumentException("maxGradientNorm, identityWeight and hardNegativeWeight must be >= 0");
        }
        if (!(initialTemperature > 0) || !(maxLogitScale > 0) || 1 / initialTemperature > maxLogitScale) {
            throw new IllegalArgumentException("need initialTemperature > 0 with 1/initialTemperature <= maxLogitScale,"
                    + " got " + initialTemperature + " and " + maxLogitScale);
        }
        if (Double.isInfinite(sigmoidInitialBias)) {
            throw new IllegalArgumentException("sigmoidInitialBias must be finite or NaN (automatic)");
        }
        if (hardNegativeWarmupEpochs < 0 || maxHardNegatives < 0) {
            throw new IllegalArgumentException("hardNegativeWarmupEpochs and maxHardNegatives must be >= 0");
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    /**
     * InfoNCE; 20 epochs of batches of 256, at least 600 and at most 20,000 steps, 20 validation checks with a
     * patience of 5; Adam at 3e-3, no clipping, identity weight 1e-2, temperature 0.07 (learnt, scale at most 100),
     * hard negatives from the second epoch on (4 per pair, each worth half an in-batch negative), seed 42, one thread
     * per core.
     */
    public static TrainingSettings defaults() {
        return new TrainingSettings(LossKind.INFO_NCE, 20, 600, 20_000, 20, 5, 256, 3e-3, 0.9, 0.999, 1e-8, 0,
                1e-2, 0.07, true, 100, Double.NaN, 0.5, 1, 4, 42, Runtime.getRuntime().availableProcessors());
    }

    /** The step budget for {@code batchesPerEpoch} batches per pass over the training pairs. */
    public int budgetSteps(int batchesPerEpoch) {
        long wanted = (long) epochs * batchesPerEpoch;
        return (int) Math.max(minSteps, Math.min(maxSteps, wanted));
    }

    public boolean hardNegativesEnabled() {
        return hardNegativeWeight > 0 && maxHardNegatives > 0;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few settings of a copy: {@code defaults().toBuilder().epochs(3).seed(7).build()}. */
    public static final class Builder {
        private LossKind loss;
        private int epochs;
        private int minSteps;
        private int maxSteps;
        private int validationChecks;
        private int patience;
        private int batchSize;
        private double learningRate;
        private double beta1;
        private double beta2;
        private double epsilon;
        private double maxGradientNorm;
        private double identityWeight;
        private double initialTemperature;
        private boolean learnTemperature;
        private double maxLogitScale;
        private double sigmoidInitialBias;
        private double hardNegativeWeight;
        private int hardNegativeWarmupEpochs;
        private int maxHardNegatives;
        private long seed;
        private int threads;

        private Builder(TrainingSettings s) {
            loss = s.loss;
            epochs = s.epochs;
            minSteps = s.minSteps;
            maxSteps = s.maxSteps;
            validationChecks = s.validationChecks;
            patience = s.patience;
            batchSize = s.batchSize;
            learningRate = s.learningRate;
            beta1 = s.beta1;
            beta2 = s.beta2;
            epsilon = s.epsilon;
            maxGradientNorm = s.maxGradientNorm;
            identityWeight = s.identityWeight;
            initialTemperature = s.initialTemperature;
            learnTemperature = s.learnTemperature;
            maxLogitScale = s.maxLogitScale;
            sigmoidInitialBias = s.sigmoidInitialBias;
            hardNegativeWeight = s.hardNegativeWeight;
            hardNegativeWarmupEpochs = s.hardNegativeWarmupEpochs;
            maxHardNegatives = s.maxHardNegatives;
            seed = s.seed;
            threads = s.threads;
        }

        public Builder loss(LossKind value) {
            loss = value;
            return this;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        /** The budget's floor and ceiling in optimizer steps. */
        public Builder steps(int min, int max) {
            minSteps = min;
            maxSteps = max;
            return this;
        }

        /** {@code checks} validation checks over the budget; stop after {@code patienceChecks} without a better one. */
        public Builder earlyStopping(int checks, int patienceChecks) {
            validationChecks = checks;
            patience = patienceChecks;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder adam(double newBeta1, double newBeta2, double newEpsilon) {
            beta1 = newBeta1;
            beta2 = newBeta2;
            epsilon = newEpsilon;
            return this;
        }

        public Builder maxGradientNorm(double value) {
            maxGradientNorm = value;
            return this;
        }

        public Builder identityWeight(double value) {
            identityWeight = value;
            return this;
        }

        public Builder initialTemperature(double value) {
            initialTemperature = value;
            return this;
        }

        public Builder learnTemperature(boolean value) {
            learnTemperature = value;
            return this;
        }

        public Builder maxLogitScale(double value) {
            maxLogitScale = value;
            return this;
        }

        public Builder sigmoidInitialBias(double value) {
            sigmoidInitialBias = value;
            return this;
        }

        /** {@code weight} 0 turns hard negatives off. */
        public Builder hardNegatives(double weight, int warmupEpochs, int maxPerPair) {
            hardNegativeWeight = weight;
            hardNegativeWarmupEpochs = warmupEpochs;
            maxHardNegatives = maxPerPair;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public TrainingSettings build() {
            return new TrainingSettings(loss, epochs, minSteps, maxSteps, validationChecks, patience, batchSize, learningRate, beta1, beta2, epsilon, maxGradientNorm,
                    identityWeight, initialTemperature, learnTemperature, maxLogitScale, sigmoidInitialBias,
                    hardNegativeWeight, hardNegativeWarmupEpochs, maxHardNegatives, seed, threads);
        }
    }
}
