package io.clipstream.trainer.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Unit-length vectors by id, stored row-major in one float array. */
public final class VectorTable {

    private final List<String> ids;
    private final Map<String, Integer> rows;
    private final float[] data;
    private final int dims;

    /** Takes {@code data} ({@code ids.size() x dims}, rows unit length) without copying. */
    VectorTable(List<String> ids, float[] data, int dims) {
        if (data.length != (long) ids.size() * dims) {
            throw new IllegalArgumentException(ids.size() + " ids need " + ids.size() * (long) dims + " values, got "
                    + data.length);
        }
        this.ids = List.copyOf(ids);
        this.rows = new HashMap<>();
        for (int i = 0; i < this.ids.size(); i++) {
            if (rows.put(this.ids.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate id " + this.ids.get(i));
            }
        }
        this.data = data;
        this.dims = dims;
    }

    private VectorTable(VectorTable shape, float[] data) {
        this.ids = shape.ids;
        this.rows = shape.rows;
        this.data = data;
        this.dims = shape.dims;
    }

    /** The same ids with other vectors ({@code size() x dims()}, unit rows), taken without copying. */
    VectorTable withData(float[] newData) {
        if (newData.length != data.length) {
            throw new IllegalArgumentException("expected " + data.length + " values, got " + newData.length);
        }
        return new VectorTable(this, newData);
    }

    /** Normalised copies of {@code vectors}, in the map's iteration order. */
    public static VectorTable of(Map<String, float[]> vectors) {
        List<String> ids = List.copyOf(vectors.keySet());
        int dims = ids.isEmpty() ? 0 : vectors.get(ids.getFirst()).length;
        float[] data = new float[ids.size() * dims];
        for (int i = 0; i < ids.size(); i++) {
            float[] v = vectors.get(ids.get(i));
            if (v.length != dims) {
                throw new IllegalArgumentException(ids.get(i) + " is " + v.length + "-d, expected " + dims);
            }
            double sum = 0;
            for (float x : v) {
                sum += (double) x * x;
            }
            double inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
            for (int j = 0; j < dims; j++) {
                data[i * dims + j] = (float) (v[j] * inv);
            }
        }
        return new VectorTable(ids, data, dims);
    }

    public int size() {
        return ids.size();
    }

    public int dims() {
        return dims;
    }

    public List<String> ids() {
        return ids;
    }

    /** Row of {@code id}, -1 when absent. */
    public int row(String id) {
        Integer row = rows.get(id);
        return row == null ? -1 : row;
    }

    float[] data() {
        return data;
    }

    /** A copy of row {@code row}. */
    public float[] vector(int row) {
        float[] out = new float[dims];
        System.arraycopy(data, row * dims, out, 0, dims);
        return out;
    }
}
