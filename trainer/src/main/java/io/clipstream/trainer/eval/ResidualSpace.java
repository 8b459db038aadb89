package io.clipstream.trainer.eval;

import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.trainer.compute.MatMul;
import io.clipstream.trainer.compute.ParallelRanges;
import java.util.List;

/**
 * Base vectors and their residuals under one adapter, so that the adapted vectors at any residual scale s,
 * {@code normalize(x + s * (W x + b))} with {@code x = normalize(base)}, cost a pass over the data instead of a
 * d x d product per vector and scale.
 */
public final class ResidualSpace {

    private static final int CHUNK = 256;

    private final VectorTable baseTable;
    private final int dims;
    private final float[] base;
    private final float[] residual;

    private ResidualSpace(VectorTable baseTable, float[] residual) {
        this.baseTable = baseTable;
        this.dims = baseTable.dims();
        this.base = baseTable.data();
        this.residual = residual;
    }

    /** {@code vectors.get(i)} belongs to {@code ids.get(i)}; {@code adapter} is read at scale 1. */
    public static ResidualSpace of(List<String> ids, List<float[]> vectors, ResidualAdapter adapter,
                                   ParallelRanges parallel) {
        int n = ids.size();
        if (vectors.size() != n) {
            throw new IllegalArgumentException(n + " ids but " + vectors.size() + " vectors");
        }
        int d = adapter.dims();
        float[] base = new float[n * d];
        for (int i = 0; i < n; i++) {
            float[] v = vectors.get(i);
            if (v.length != d) {
                throw new IllegalArgumentException(ids.get(i) + " is " + v.length + "-d, the adapter " + d + "-d");
            }
            double sum = 0;
            for (float x : v) {
                sum += (double) x * x;
            }
            double inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
            for (int j = 0; j < d; j++) {
                base[i * d + j] = (float) (v[j] * inv);
            }
        }
        double[] weight = toDouble(adapter.weight());
        float[] bias = adapter.bias();
        float[] residual = new float[n * d];
        int chunks = (n + CHUNK - 1) / CHUNK;
        parallel.forEach(chunks, (long) CHUNK * d * d, (from, to) -> {
            double[] x = new double[CHUNK * d];
            double[] r = new double[CHUNK * d];
            for (int chunk = from; chunk < to; chunk++) {
                int first = chunk * CHUNK;
                int rows = Math.min(CHUNK, n - first);
                for (int k = 0; k < rows * d; k++) {
                    x[k] = base[first * d + k];
                }
                MatMul.timesTransposed(x, 0, weight, 0, d, d, r, 0, 0, rows);
                for (int k = 0; k < rows; k++) {
                    for (int j = 0; j < d; j++) {
                        residual[(first + k) * d + j] = (float) (r[k * d + j] + bias[j]);
                    }
                }
            }
        });
        return new ResidualSpace(new VectorTable(ids, base, d), residual);
    }

    public int size() {
        return baseTable.size();
    }

    /** All vectors adapted at residual scale {@code scale}, unit length; scale 0 gives the base vectors. */
    public VectorTable at(double scale) {
        if (scale == 0) {
            return baseTable;
        }
        float[] out = new float[base.length];
        for (int i = 0; i < baseTable.size(); i++) {
            int o = i * dims;
            double sum = 0;
            for (int j = 0; j < dims; j++) {
                double v = base[o + j] + scale * residual[o + j];
                sum += v * v;
            }
            double inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
            for (int j = 0; j < dims; j++) {
                out[o + j] = (float) ((base[o + j] + scale * residual[o + j]) * inv);
            }
        }
        return baseTable.withData(out);
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
