package io.clipstream.model.image;

/**
 * The horizontal pass on the transposed problem: each source column-channel becomes an {@code int[]} line over
 * rows, so an output column is a weighted sum of whole lines, which C2 vectorises (see {@link WeightedLineSum}).
 * Reading bytes, the source is transposed in blocks of {@link #BLOCK_ROWS} rows by a group of output columns whose
 * taps span at most {@link #MAX_BLOCK_LINES} lines, so that the block stays in the L2 cache however large the
 * source is.
 */
final class HorizontalPass {

    static final int BLOCK_ROWS = 256;
    static final int MAX_BLOCK_LINES = 512;
    /** Rows transposed together: one 64-byte cache line of each line written per sweep over the columns. */
    private static final int TRANSPOSE_ROWS = 16;

    private HorizontalPass() {
    }

    /**
     * Rows [{@code firstRow}, {@code firstRow + rowCount}) of packed RGB {@code in} (row stride {@code inStride}),
     * resampled to the window of {@code c}. Output row {@code r} goes to {@code outRows[r]} as clipped ints when
     * {@code outRows} is not null, else to {@code dst} as bytes at {@code dstOffset + r * dstStride}.
     */
    static void fromBytes(byte[] in, int inStride, int firstRow, int rowCount, BicubicCoefficients c,
                          int[][] outRows, byte[] dst, int dstOffset, int dstStride, ResampleScratch scratch) {
        int outW = c.count();
        int[] start = c.start;
        int[] taps = c.taps;
        int[] a0 = scratch.acc0(BLOCK_ROWS);
        int[] a1 = scratch.acc1(BLOCK_ROWS);
        int[] a2 = scratch.acc2(BLOCK_ROWS);
        int g0 = 0;
        while (g0 < outW) {
            int colA = start[g0];
            int g1 = g0 + 1;
            while (g1 < outW && (start[g1] + taps[g1] - colA) * 3 <= MAX_BLOCK_LINES) {
                g1++;
            }
            int colB = 0;
            for (int xx = g0; xx < g1; xx++) {
                colB = Math.max(colB, start[xx] + taps[xx]);
            }
            int lineCount = (colB - colA) * 3;
            int[][] lines = scratch.blockLines(lineCount, BLOCK_ROWS);
            for (int r0 = 0; r0 < rowCount; r0 += BLOCK_ROWS) {
                int rb = Math.min(BLOCK_ROWS, rowCount - r0);
                transpose(in, inStride, (firstRow + r0) * inStride + colA * 3, lineCount, rb, lines);
                for (int xx = g0; xx < g1; xx++) {
                    sumColumn(lines, (start[xx] - colA) * 3, c, xx, rb, a0, a1, a2);
                    store(xx, r0, rb, a0, a1, a2, outRows, dst, dstOffset, dstStride);
                }
            }
            g0 = g1;
        }
    }

    /**
     * The same pass over an already transposed input: {@code lines[(x - c.firstSource) * 3 + channel][r]} for
     * {@code r} in [0, {@code rowCount}). Output goes to {@code dst} at {@code dstOffset + r * dstStride}.
     */
    static void fromLines(int[][] lines, int rowCount, BicubicCoefficients c, byte[] dst, int dstOffset,
                          int dstStride, ResampleScratch scratch) {
        int[] a0 = scratch.acc0(rowCount);
        int[] a1 = scratch.acc1(rowCount);
        int[] a2 = scratch.acc2(rowCount);
        for (int xx = 0; xx < c.count(); xx++) {
            sumColumn(lines, (c.start[xx] - c.firstSource) * 3, c, xx, rowCount, a0, a1, a2);
            store(xx, 0, rowCount, a0, a1, a2, null, dst, dstOffset, dstStride);
        }
    }

    private static void sumColumn(int[][] lines, int firstLine, BicubicCoefficients c, int xx, int rows,
                                  int[] a0, int[] a1, int[] a2) {
        int n = c.taps[xx];
        int k = xx * c.kernelSize;
        WeightedLineSum.sum(lines, firstLine, 3, n, c.weights, k, a0, 0, rows);
        WeightedLineSum.sum(lines, firstLine + 1, 3, n, c.weights, k, a1, 0, rows);
        WeightedLineSum.sum(lines, firstLine + 2, 3, n, c.weights, k, a2, 0, rows);
    }

    /** {@code lines[j][r] = in[base + r * inStride + j]} widened, for j < lineCount, r < rows. */
    private static void transpose(byte[] in, int inStride, int base, int lineCount, int rows, int[][] lines) {
        for (int r0 = 0; r0 < rows; r0 += TRANSPOSE_ROWS) {
            int r1 = Math.min(rows, r0 + TRANSPOSE_ROWS);
            int rowBase = base + r0 * inStride;
            for (int j = 0; j < lineCount; j++) {
                int[] line = lines[j];
                int p = rowBase + j;
                for (int r = r0; r < r1; r++, p += inStride) {
                    line[r] = in[p] & 0xFF;
                }
            }
        }
    }

    private static void store(int xx, int r0, int rows, int[] a0, int[] a1, int[] a2, int[][] outRows,
                              byte[] dst, int dstOffset, int dstStride) {
        int x = xx * 3;
        if (outRows != null) {
            for (int r = 0; r < rows; r++) {
                int[] row = outRows[r0 + r];
                row[x] = BicubicCoefficients.clip8(a0[r]);
                row[x + 1] = BicubicCoefficients.clip8(a1[r]);
                row[x + 2] = BicubicCoefficients.clip8(a2[r]);
            }
            return;
        }
        int p = dstOffset + r0 * dstStride + x;
        for (int r = 0; r < rows; r++, p += dstStride) {
            dst[p] = (byte) BicubicCoefficients.clip8(a0[r]);
            dst[p + 1] = (byte) BicubicCoefficients.clip8(a1[r]);
            dst[p + 2] = (byte) BicubicCoefficients.clip8(a2[r]);
        }
    }
}
