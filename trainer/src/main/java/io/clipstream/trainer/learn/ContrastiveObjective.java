package io.clipstream.trainer.learn;

import io.clipstream.trainer.compute.MatMul;
import io.clipstream.trainer.compute.ParallelRanges;
import java.util.Arrays;

/**
 * Loss and gradient of one batch. Forward per tower: {@code u = x + W x + b}, {@code t = u / |u|}; cosines of texts
 * and images feed the {@link LogitLoss}; the gradient flows back through both normalisations into W and b of both
 * towers, plus the identity regulariser {@code identityWeight * (|W_t|^2 + |b_t|^2 + |W_i|^2 + |b_i|^2)}.
 * All buffers are allocated once; the d x d products run on {@link ParallelRanges} and do not depend on its
 * thread count.
 */
final class ContrastiveObjective {

    private final int d;
    private final LogitLoss loss;
    private final boolean learnScale;
    private final boolean learnBias;
    private final double identityWeight;
    private final ParallelRanges parallel;

    private final double[] textU;
    private final double[] textT;
    private final double[] textNorm;
    private final double[] imageU;
    private final double[] imageV;
    private final double[] imageNorm;
    private final double[] cos;
    private final double[] dCos;
    private final double[] dCosT;
    private final double[] hardCos;
    private final double[] dHardCos;
    private final double[] dText;
    private final double[] dImage;
    private final double[] left;
    private final double[] right;
    private final double[] scalars = new double[2];

    ContrastiveObjective(int dims, int capacity, int maxHardNegatives, LossKind kind, boolean learnScale,
                         double identityWeight, ParallelRanges parallel) {
        this.d = dims;
        this.loss = LogitLoss.of(kind, capacity);
        this.learnScale = learnScale;
        this.learnBias = kind == LossKind.SIGMOID;
        this.identityWeight = identityWeight;
        this.parallel = parallel;
        int images = capacity * (1 + maxHardNegatives);
        textU = new double[capacity * dims];
        textT = new double[capacity * dims];
        textNorm = new double[capacity];
        imageU = new double[images * dims];
        imageV = new double[images * dims];
        imageNorm = new double[images];
        cos = new double[capacity * capacity];
        dCos = new double[capacity * capacity];
        dCosT = new double[capacity * capacity];
        hardCos = new double[capacity * maxHardNegatives];
        dHardCos = new double[capacity * maxHardNegatives];
        dText = new double[capacity * dims];
        dImage = new double[images * dims];
        left = new double[images * dims];
        right = new double[images * dims];
    }

    /** The batch loss at {@code p}; its gradient overwrites {@code grad} (same layout as {@code p.values}). */
    double lossAndGradient(AdapterParameters p, TrainingBatch batch, double[] grad) {
        double[] w = p.values;
        int n = batch.size;
        int m = batch.images;
        forward(w, p.textWeight(), p.textBias(), batch.text, n, textU, textT, textNorm);
        forward(w, p.imageWeight(), p.imageBias(), batch.image, m, imageU, imageV, imageNorm);

        parallel.forEach(n, (long) n * d, (from, to) ->
                MatMul.timesTransposed(textT, 0, imageV, 0, n, d, cos, 0, from, to));
        for (int k = 0; k < n; k++) {
            for (int h = batch.hardStart[k]; h < batch.hardStart[k + 1]; h++) {
                hardCos[h] = MatMul.dot(textT, k * d, imageV, batch.hardImage[h] * d, d);
            }
        }
        double scale = Math.exp(p.theta());
        double value = loss.evaluate(batch, cos, hardCos, scale, p.bias(), dCos, dHardCos, scalars);

        // dText = dCos . V (positives), dImage = dCos^T . T, then the hard negatives' sparse terms.
        MatMul.transpose(imageV, 0, n, d, right);
        parallel.forEach(n, (long) n * d, (from, to) ->
                MatMul.timesTransposed(dCos, 0, right, 0, d, n, dText, 0, from, to));
        MatMul.transpose(dCos, 0, n, n, dCosT);
        MatMul.transpose(textT, 0, n, d, left);
        parallel.forEach(n, (long) n * d, (from, to) ->
                MatMul.timesTransposed(dCosT, 0, left, 0, d, n, dImage, 0, from, to));
        Arrays.fill(dImage, n * d, m * d, 0);
        for (int k = 0; k < n; k++) {
            for (int h = batch.hardStart[k]; h < batch.hardStart[k + 1]; h++) {
                int image = batch.hardImage[h];
                double g = dHardCos[h];
                for (int j = 0; j < d; j++) {
                    dText[k * d + j] += g * imageV[image * d + j];
                    dImage[image * d + j] += g * textT[k * d + j];
                }
            }
        }

        backward(p.textWeight(), p.textBias(), batch.text, n, textT, textNorm, dText, grad);
        backward(p.imageWeight(), p.imageBias(), batch.image, m, imageV, imageNorm, dImage, grad);
        grad[p.logScale()] = learnScale ? scalars[0] : 0;
        grad[p.sigmoidBias()] = learnBias ? scalars[1] : 0;

        if (identityWeight > 0) {
            double squares = 0;
            for (int i = 0, end = p.adapterEnd(); i < end; i++) {
                squares += w[i] * w[i];
                grad[i] += 2 * identityWeight * w[i];
            }
            value += identityWeight * squares;
        }
        return value;
    }

    /** {@code out[k] = normalize(x[k] + W x[k] + b)} for {@code rows} rows; keeps {@code |u|} for backward. */
    private void forward(double[] w, int weight, int bias, double[] x, int rows, double[] u, double[] out,
                         double[] norms) {
        parallel.forEach(rows, (long) d * d, (from, to) ->
                MatMul.timesTransposed(x, 0, w, weight, d, d, u, 0, from, to));
        for (int k = 0; k < rows; k++) {
            int o = k * d;
            double sum = 0;
            for (int j = 0; j < d; j++) {
                double v = u[o + j] + x[o + j] + w[bias + j];
                u[o + j] = v;
                sum += v * v;
            }
            double norm = Math.sqrt(sum);
            norms[k] = norm;
            for (int j = 0; j < d; j++) {
                out[o + j] = u[o + j] / norm;
            }
        }
    }

    /**
     * From dLoss/dt (in {@code dOut}, overwritten with dLoss/du) to the tower's weight and bias gradient:
     * {@code du = (dt - (dt . t) t) / |u|}, {@code dW = du^T x}, {@code db = sum du}.
     */
    private void backward(int weight, int bias, double[] x, int rows, double[] out, double[] norms,
                          double[] dOut, double[] grad) {
        for (int k = 0; k < rows; k++) {
            int o = k * d;
            double along = MatMul.dot(dOut, o, out, o, d);
            double inv = 1 / norms[k];
            for (int j = 0; j < d; j++) {
                dOut[o + j] = (dOut[o + j] - along * out[o + j]) * inv;
            }
        }
        MatMul.transpose(dOut, 0, rows, d, left);
        MatMul.transpose(x, 0, rows, d, right);
        parallel.forEach(d, (long) d * rows, (from, to) ->
                MatMul.timesTransposed(left, 0, right, 0, d, rows, grad, weight, from, to));
        for (int j = 0; j < d; j++) {
            grad[bias + j] = 0;
        }
        for (int k = 0; k < rows; k++) {
            int o = k * d;
            for (int j = 0; j < d; j++) {
                grad[bias + j] += dOut[o + j];
            }
        }
    }
}
