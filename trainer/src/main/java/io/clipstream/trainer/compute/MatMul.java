package io.clipstream.trainer.compute;

/**
 * Dense products on row-major double arrays. Every output element is one dot product summed in index order with its
 * own accumulator, whatever the blocking or the row range, so results are bit-identical for any split into ranges.
 */
public final class MatMul {

    private MatMul() {
    }

    /**
     * {@code c[i][j] = sum_k a[i][k] * b[j][k]} (A times B transposed) for rows {@code i} in {@code [from, to)} and
     * all {@code bRows} rows {@code j} of B. A, B have {@code inner} columns; C has {@code bRows} columns.
     */
    public static void timesTransposed(double[] a, int aOffset, double[] b, int bOffset, int bRows, int inner,
                                       double[] c, int cOffset, int from, int to) {
        int i = from;
        // 4 x 4 blocks: each loaded value serves four products; loads, not arithmetic, bound this loop.
        for (; i + 3 < to; i += 4) {
            int a0 = aOffset + i * inner;
            int a1 = a0 + inner;
            int a2 = a1 + inner;
            int a3 = a2 + inner;
            int c0 = cOffset + i * bRows;
            int c1 = c0 + bRows;
            int c2 = c1 + bRows;
            int c3 = c2 + bRows;
            int j = 0;
            for (; j + 3 < bRows; j += 4) {
                int b0 = bOffset + j * inner;
                int b1 = b0 + inner;
                int b2 = b1 + inner;
                int b3 = b2 + inner;
                double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                double s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
                for (int k = 0; k < inner; k++) {
                    double x0 = b[b0 + k];
                    double x1 = b[b1 + k];
                    double x2 = b[b2 + k];
                    double x3 = b[b3 + k];
                    double y = a[a0 + k];
                    s00 += y * x0;
                    s01 += y * x1;
                    s02 += y * x2;
                    s03 += y * x3;
                    y = a[a1 + k];
                    s10 += y * x0;
                    s11 += y * x1;
                    s12 += y * x2;
                    s13 += y * x3;
                    y = a[a2 + k];
                    s20 += y * x0;
                    s21 += y * x1;
                    s22 += y * x2;
                    s23 += y * x3;
                    y = a[a3 + k];
                    s30 += y * x0;
                    s31 += y * x1;
                    s32 += y * x2;
                    s33 += y * x3;
                }
                c[c0 + j] = s00;
                c[c0 + j + 1] = s01;
                c[c0 + j + 2] = s02;
                c[c0 + j + 3] = s03;
                c[c1 + j] = s10;
                c[c1 + j + 1] = s11;
                c[c1 + j + 2] = s12;
                c[c1 + j + 3] = s13;
                c[c2 + j] = s20;
                c[c2 + j + 1] = s21;
                c[c2 + j + 2] = s22;
                c[c2 + j + 3] = s23;
                c[c3 + j] = s30;
                c[c3 + j + 1] = s31;
                c[c3 + j + 2] = s32;
                c[c3 + j + 3] = s33;
            }
            for (; j < bRows; j++) {
                int b0 = bOffset + j * inner;
                c[c0 + j] = dot(a, a0, b, b0, inner);
                c[c1 + j] = dot(a, a1, b, b0, inner);
                c[c2 + j] = dot(a, a2, b, b0, inner);
                c[c3 + j] = dot(a, a3, b, b0, inner);
            }
        }
        for (; i < to; i++) {
            int a0 = aOffset + i * inner;
            int c0 = cOffset + i * bRows;
            for (int j = 0; j < bRows; j++) {
                c[c0 + j] = dot(a, a0, b, bOffset + j * inner, inner);
            }
        }
    }

    /** The dot product of {@code n} values from {@code a} and {@code b}, summed in index order. */
    public static double dot(double[] a, int aOffset, double[] b, int bOffset, int n) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += a[aOffset + k] * b[bOffset + k];
        }
        return sum;
    }

    /** {@code dst (cols x rows) = src (rows x cols)} transposed. */
    public static void transpose(double[] src, int srcOffset, int rows, int cols, double[] dst) {
        for (int r = 0; r < rows; r++) {
            int s = srcOffset + r * cols;
            for (int c = 0; c < cols; c++) {
                dst[c * rows + r] = src[s + c];
            }
        }
    }
}
