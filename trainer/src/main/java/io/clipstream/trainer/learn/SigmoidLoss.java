package io.clipstream.trainer.learn;

/**
 * Pairwise sigmoid loss (SigLIP): {@code -log sigmoid(y * (scale * cos + bias))} for every unmasked text-image pair
 * of the batch, y = +1 on the diagonal and -1 elsewhere, summed and divided by the batch size. A positive counts with
 * its pair's weight, a negative with the mean weight of the two pairs it joins, a hard negative with its pair's weight
 * times the hard weight.
 */
final class SigmoidLoss implements LogitLoss {

    @Override
    public double evaluate(TrainingBatch batch, double[] cos, double[] hardCos, double scale, double bias,
                           double[] dCos, double[] dHardCos, double[] dScalars) {
        int n = batch.size;
        double loss = 0;
        double dTheta = 0;
        double dBias = 0;
        for (int k = 0; k < n; k++) {
            int row = k * n;
            for (int l = 0; l < n; l++) {
                if (batch.masked[row + l]) {
                    dCos[row + l] = 0;
                    continue;
                }
                boolean positive = k == l;
                double weight = (positive ? batch.weight[k] : 0.5 * (batch.weight[k] + batch.weight[l])) / n;
                double margin = (positive ? 1 : -1) * (scale * cos[row + l] + bias);
                loss += weight * softplus(-margin);
                // d softplus(-m)/dm = -sigmoid(-m); dm/dlogit = y
                double dLogit = weight * (positive ? -1 : 1) * sigmoid(-margin);
                dTheta += dLogit * scale * cos[row + l];
                dBias += dLogit;
                dCos[row + l] = dLogit * scale;
            }
            for (int h = batch.hardStart[k]; h < batch.hardStart[k + 1]; h++) {
                double weight = batch.hardWeight * batch.weight[k] / n;
                double logit = scale * hardCos[h] + bias;
                loss += weight * softplus(logit);
                double dLogit = weight * sigmoid(logit);
                dTheta += dLogit * scale * hardCos[h];
                dBias += dLogit;
                dHardCos[h] = dLogit * scale;
            }
        }
        dScalars[0] = dTheta;
        dScalars[1] = dBias;
        return loss;
    }

    /** log(1 + e^x) without overflow. */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
