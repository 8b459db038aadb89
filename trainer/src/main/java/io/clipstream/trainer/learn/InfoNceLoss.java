package io.clipstream.trainer.learn;

/**
 * Symmetric InfoNCE: for text k a softmax over the batch's images (plus its hard negatives, their logits raised by
 * log(hard weight) so each counts that many times in the denominator), for image l a softmax over the batch's texts;
 * the two cross-entropies are averaged, each pair weighted by its weight (mean 1 in the batch). Masked pairs (known
 * positives of the row's query) are left out of both softmaxes.
 */
final class InfoNceLoss implements LogitLoss {

    private final double[] logSumExp;

    InfoNceLoss(int capacity) {
        this.logSumExp = new double[capacity];
    }

    @Override
    public double evaluate(TrainingBatch batch, double[] cos, double[] hardCos, double scale, double bias,
                           double[] dCos, double[] dHardCos, double[] dScalars) {
        int n = batch.size;
        boolean[] masked = batch.masked;
        double loss = 0;
        double dTheta = 0;
        // Text -> image rows. dCos holds dLoss/dlogit until the end.
        for (int k = 0; k < n; k++) {
            double coefficient = batch.weight[k] / (2.0 * n);
            int row = k * n;
            double max = Double.NEGATIVE_INFINITY;
            for (int l = 0; l < n; l++) {
                if (!masked[row + l]) {
                    max = Math.max(max, scale * cos[row + l]);
                }
            }
            for (int h = batch.hardStart[k]; h < batch.hardStart[k + 1]; h++) {
                max = Math.max(max, scale * hardCos[h] + batch.hardLogWeight);
            }
            double sum = 0;
            for (int l = 0; l < n; l++) {
                if (!masked[row + l]) {
                    sum += Math.exp(scale * cos[row + l] - max);
                }
            }
            for (int h = batch.hardStart[k]; h < batch.hardStart[k + 1]; h++) {
                sum += Math.exp(scale * hardCos[h] + batch.hardLogWeight - max);
            }
            double lse = max + Math.log(sum);
            loss += coefficient * (lse - scale * cos[row + k]);
            for (int l = 0; l < n; l++) {
                dCos[row + l] = masked[row + l] ? 0
                        : coefficient * (Math.exp(scale * cos[row + l] - lse) - (l == k ? 1 : 0));
            }
            for (int h = batch.hardStart[k]; h < batch.hardStart[k + 1]; h++) {
                double dLogit = coefficient * Math.exp(scale * hardCos[h] + batch.hardLogWeight - lse);
                dTheta += dLogit * scale * hardCos[h];
                dHardCos[h] = dLogit * scale;
            }
        }
        // Image -> text columns.
        for (int l = 0; l < n; l++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                if (!masked[k * n + l]) {
                    max = Math.max(max, scale * cos[k * n + l]);
                }
            }
            double sum = 0;
            for (int k = 0; k < n; k++) {
                if (!masked[k * n + l]) {
                    sum += Math.exp(scale * cos[k * n + l] - max);
                }
            }
            logSumExp[l] = max + Math.log(sum);
        }
        for (int l = 0; l < n; l++) {
            double coefficient = batch.weight[l] / (2.0 * n);
            loss += coefficient * (logSumExp[l] - scale * cos[l * n + l]);
        }
        for (int k = 0; k < n; k++) {
            int row = k * n;
            for (int l = 0; l < n; l++) {
                if (masked[row + l]) {
                    continue;
                }
                double coefficient = batch.weight[l] / (2.0 * n);
                double dLogit = dCos[row + l]
                        + coefficient * (Math.exp(scale * cos[row + l] - logSumExp[l]) - (l == k ? 1 : 0));
                dTheta += dLogit * scale * cos[row + l];
                dCos[row + l] = dLogit * scale;
            }
        }
        dScalars[0] = dTheta;
        dScalars[1] = 0;
        return loss;
    }
}
