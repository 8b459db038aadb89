package io.clipstream.trainer.learn;

/**
 * The loss as a function of the batch's cosines. Given text-image cosines {@code cos} ({@code size x size}, pair k's
 * positive on the diagonal) and each pair's hard-negative cosines, it returns the loss and fills the derivatives
 * with respect to every cosine, the log logit scale and the sigmoid bias.
 */
interface LogitLoss {

    /**
     * @param scale the logit scale {@code exp(theta)}
     * @param bias the sigmoid bias (ignored by losses without one)
     * @param dCos out: dLoss/dcos, {@code size x size}; masked entries 0
     * @param dHardCos out: dLoss/dcos for each hard negative entry of the batch
     * @param dScalars out: {@code [dLoss/dtheta, dLoss/dbias]}
     */
    double evaluate(TrainingBatch batch, double[] cos, double[] hardCos, double scale, double bias, double[] dCos,
                    double[] dHardCos, double[] dScalars);

    static LogitLoss of(LossKind kind, int capacity) {
        return switch (kind) {
            case INFO_NCE -> new InfoNceLoss(capacity);
            case SIGMOID -> new SigmoidLoss();
        };
    }
}
