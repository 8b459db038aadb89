package io.clipstream.model.adapter;

import io.clipstream.model.vector.Vectors;

/**
 * A residual linear map on the unit-length base embedding: {@code y = normalize(x + scale * (W x + b))} with
 * {@code x = normalize(base)}. Initialised at zero it is the identity; {@code scale} interpolates between base and
 * tuned (WiSE-FT style). Normalising first makes the result independent of whether an encoder export normalises.
 */
public final class ResidualAdapter implements EmbeddingAdapter {

    public static final String WEIGHT = "weight";
    public static final String BIAS = "bias";

    private final int dims;
    private final float[] weight;
    private final float[] bias;
    private final float scale;

    /**
     * @param weight row-major {@code dims x dims}
     * @param bias {@code dims} values
     */
    public ResidualAdapter(int dims, float[] weight, float[] bias, float scale) {
        if (weight.length != dims * dims || bias.length != dims) {
            throw new IllegalArgumentException("a " + dims + "-d residual adapter needs a " + dims + "x" + dims
                    + " weight and " + dims + " biases, got " + weight.length + " and " + bias.length);
        }
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite, got " + scale);
        }
        this.dims = dims;
        this.weight = weight.clone();
        this.bias = bias.clone();
        this.scale = scale;
    }

    @Override
    public int dims() {
        return dims;
    }

    public float scale() {
        return scale;
    }

    public float[] weight() {
        return weight.clone();
    }

    public float[] bias() {
        return bias.clone();
    }

    @Override
    public float[] apply(float[] base) {
        if (base.length != dims) {
            throw new IllegalArgumentException("expected a " + dims + "-d vector, got " + base.length);
        }
        float[] x = Vectors.normalizeInPlace(base.clone());
        float[] out = new float[dims];
        for (int row = 0; row < dims; row++) {
            double sum = bias[row];
            int offset = row * dims;
            for (int col = 0; col < dims; col++) {
                sum += (double) weight[offset + col] * x[col];
            }
            out[row] = (float) (x[row] + scale * sum);
        }
        return Vectors.normalizeInPlace(out);
    }

    @Override
    public boolean isIdentity() {
        return false;
    }
}
