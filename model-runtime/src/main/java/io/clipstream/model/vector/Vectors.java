package io.clipstream.model.vector;

/** Small vector operations on float arrays. */
public final class Vectors {

    private Vectors() {
    }

    /** Scales {@code v} to unit length in place; a zero vector stays zero. Returns {@code v}. */
    public static float[] normalizeInPlace(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimensions differ: " + a.length + " vs " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    public static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }
}
