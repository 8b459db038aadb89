package io.clipstream.store.lucene;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.lucene.util.VectorUtil;

/** Vector arithmetic and the byte form of a caller's vector, kept verbatim next to its normalised index copy. */
final class Vectors {

    private Vectors() {
    }

    /**
     * The unit vector in the direction of {@code v}. The index holds unit vectors under the dot product, which is
     * the cosine of the caller's vectors; Lucene's own cosine normalises on every comparison instead.
     */
    static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0) || Double.isInfinite(norm)) {
            throw new IllegalArgumentException("a vector needs finite components and a non-zero length");
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    /** The cosine of two unit vectors, with Lucene's SIMD dot product where the Vector API is readable. */
    static double cosineOfUnits(float[] a, float[] b) {
        double dot = VectorUtil.dotProduct(a, b);
        return Math.max(-1.0, Math.min(1.0, dot));
    }

    static byte[] toBytes(float[] v) {
        ByteBuffer buffer = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(v);
        return buffer.array();
    }

    static float[] fromBytes(byte[] bytes, int offset, int length) {
        float[] out = new float[length / Float.BYTES];
        ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
