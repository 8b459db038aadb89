package io.clipstream.store.lucene;

import io.clipstream.store.VectorRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded random unit vectors and records around them, for the Lucene store's own tests and measurements. */
final class RandomVectors {

    private RandomVectors() {
    }

    static float[] unit(Random random, int dims) {
        float[] v = new float[dims];
        double norm = 0;
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
            norm += (double) v[i] * v[i];
        }
        for (int i = 0; i < dims; i++) {
            v[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return v;
    }

    static List<VectorRecord> records(String prefix, int from, int count, int dims, Random random) {
        List<VectorRecord> out = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            out.add(new VectorRecord(prefix + i, unit(random, dims), "https://example.org/" + prefix + i + ".jpg",
                    "image/jpeg", Map.of("n", i, "album", i % 2 == 0 ? "even" : "odd"), 1_780_000_000_000L + i,
                    1_780_000_100_000L));
        }
        return out;
    }

    /** The cosine of two vectors of any length, in double. */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
