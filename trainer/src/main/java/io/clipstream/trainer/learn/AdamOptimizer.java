package io.clipstream.trainer.learn;

import io.clipstream.trainer.compute.ParallelRanges;

/** Adam with bias correction, element-wise and so split freely over threads; optional global-norm clipping. */
final class AdamOptimizer {

    /** Sums of squares are taken per fixed chunk and then added in order, so the norm is thread-count independent. */
    private static final int NORM_CHUNK = 4096;

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double maxGradientNorm;
    private final ParallelRanges parallel;
    private final double[] firstMoment;
    private final double[] secondMoment;
    private final double[] chunkSquares;
    private int steps;

    AdamOptimizer(int size, TrainingSettings settings, ParallelRanges parallel) {
        this.learningRate = settings.learningRate();
        this.beta1 = settings.beta1();
        this.beta2 = settings.beta2();
        this.epsilon = settings.epsilon();
        this.maxGradientNorm = settings.maxGradientNorm();
        this.parallel = parallel;
        this.firstMoment = new double[size];
        this.secondMoment = new double[size];
        this.chunkSquares = new double[(size + NORM_CHUNK - 1) / NORM_CHUNK];
    }

    /** One update of {@code params} from {@code grad} (which clipping may scale in place); returns the norm. */
    double step(double[] params, double[] grad) {
        double norm = norm(grad);
        if (maxGradientNorm > 0 && norm > maxGradientNorm) {
            double factor = maxGradientNorm / norm;
            parallel.forEach(grad.length, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    grad[i] *= factor;
                }
            });
        }
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        parallel.forEach(params.length, 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = grad[i];
                double m = beta1 * firstMoment[i] + (1 - beta1) * g;
                double v = beta2 * secondMoment[i] + (1 - beta2) * g * g;
                firstMoment[i] = m;
                secondMoment[i] = v;
                params[i] -= learningRate * (m / correction1) / (Math.sqrt(v / correction2) + epsilon);
            }
        });
        return norm;
    }

    private double norm(double[] grad) {
        parallel.forEach(chunkSquares.length, NORM_CHUNK, (from, to) -> {
            for (int c = from; c < to; c++) {
                double sum = 0;
                for (int i = c * NORM_CHUNK, end = Math.min(grad.length, i + NORM_CHUNK); i < end; i++) {
                    sum += grad[i] * grad[i];
                }
                chunkSquares[c] = sum;
            }
        });
        double total = 0;
        for (double s : chunkSquares) {
            total += s;
        }
        return Math.sqrt(total);
    }
}
