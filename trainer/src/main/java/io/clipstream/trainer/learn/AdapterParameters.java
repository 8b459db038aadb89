package io.clipstream.trainer.learn;

/**
 * Everything trained, in one flat vector so that the optimiser, clipping and the gradient check treat it as one:
 * text weight (d x d, row-major), text bias (d), image weight, image bias, log logit scale theta, sigmoid bias.
 * A gradient uses the same layout.
 */
final class AdapterParameters {

    final int dims;
    final double[] values;

    AdapterParameters(int dims) {
        this.dims = dims;
        this.values = new double[size(dims)];
    }

    static int size(int dims) {
        return 2 * dims * dims + 2 * dims + 2;
    }

    /** Adapter entries (weights and biases of both towers) come first and end here. */
    int adapterEnd() {
        return 2 * dims * dims + 2 * dims;
    }

    int textWeight() {
        return 0;
    }

    int textBias() {
        return dims * dims;
    }

    int imageWeight() {
        return dims * dims + dims;
    }

    int imageBias() {
        return 2 * dims * dims + dims;
    }

    int logScale() {
        return adapterEnd();
    }

    int sigmoidBias() {
        return adapterEnd() + 1;
    }

    double theta() {
        return values[logScale()];
    }

    double bias() {
        return values[sigmoidBias()];
    }

    float[] floats(int offset, int length) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) values[offset + i];
        }
        return out;
    }
}
