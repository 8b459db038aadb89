package io.clipstream.model.image;

/**
 * The vertical pass: an output row is a weighted sum of whole source rows held as {@code int[]} (C2 vectorises it,
 * see {@link WeightedLineSum}). Over bytes, source rows are widened once each into a ring of
 * {@code kernelSize} rows: the taps of consecutive outputs only move forward, so a row that leaves the ring is
 * never read again.
 */
final class VerticalPass {

    private VerticalPass() {
    }

    /**
     * Source row {@code y} is {@code rows[y - rowOrigin]}, indexes [0, {@code width}). Output row {@code r} of the
     * window of {@code c} goes to {@code dst} at {@code dstOffset + r * dstStride}.
     */
    static void fromRows(int[][] rows, int rowOrigin, int width, BicubicCoefficients c, byte[] dst, int dstOffset,
                         int dstStride, ResampleScratch scratch) {
        int[] acc = scratch.acc0(width);
        int[][] tapRows = scratch.tapRows(c.kernelSize);
        for (int yy = 0; yy < c.count(); yy++) {
            int n = c.taps[yy];
            for (int t = 0; t < n; t++) {
                tapRows[t] = rows[c.start[yy] + t - rowOrigin];
            }
            WeightedLineSum.sum(tapRows, 0, 1, n, c.weights, yy * c.kernelSize, acc, 0, width);
            storeRow(acc, width, dst, dstOffset + yy * dstStride);
        }
    }

    /**
     * Over packed bytes {@code in} (row stride {@code inStride}), the {@code width} bytes of each row from
     * {@code byteOffset}. Output row {@code r} goes to {@code dst} at {@code dstOffset + r * dstStride} when
     * {@code outLines} is null, else transposed: byte {@code i} of row {@code r} to {@code outLines[i][r]}.
     */
    static void fromBytes(byte[] in, int inStride, int byteOffset, int width, BicubicCoefficients c,
                          int[][] outLines, byte[] dst, int dstOffset, int dstStride, ResampleScratch scratch) {
        int capacity = c.kernelSize;
        int[][] ring = scratch.ring(capacity, width);
        int[] tags = scratch.ringTags();
        int[] acc = scratch.acc0(width);
        int[][] tapRows = scratch.tapRows(capacity);
        for (int yy = 0; yy < c.count(); yy++) {
            int n = c.taps[yy];
            for (int t = 0; t < n; t++) {
                int y = c.start[yy] + t;
                int slot = y % capacity;
                int[] row = ring[slot];
                if (tags[slot] != y) {
                    widen(in, y * inStride + byteOffset, width, row);
                    tags[slot] = y;
                }
                tapRows[t] = row;
            }
            WeightedLineSum.sum(tapRows, 0, 1, n, c.weights, yy * c.kernelSize, acc, 0, width);
            if (outLines == null) {
                storeRow(acc, width, dst, dstOffset + yy * dstStride);
            } else {
                for (int i = 0; i < width; i++) {
                    outLines[i][yy] = BicubicCoefficients.clip8(acc[i]);
                }
            }
        }
    }

    private static void widen(byte[] in, int from, int width, int[] row) {
        for (int i = 0; i < width; i++) {
            row[i] = in[from + i] & 0xFF;
        }
    }

    private static void storeRow(int[] acc, int width, byte[] dst, int o) {
        for (int i = 0; i < width; i++) {
            dst[o + i] = (byte) BicubicCoefficients.clip8(acc[i]);
        }
    }
}
