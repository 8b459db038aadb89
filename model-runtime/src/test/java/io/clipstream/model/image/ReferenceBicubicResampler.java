package io.clipstream.model.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * Verbatim copy of {@code BicubicResampler} as it was before the performance rewrite (only the class name and
 * visibility differ): the oracle the rewritten resampler is checked against, bit for bit, and the "old" side of
 * {@code BicubicResamplerBenchmark}. Do not optimise it.
 *
 * <p>Original documentation follows.
 *
 * <p>Bit-exact port of Pillow's {@code Image.resize(size, Image.BICUBIC)} for 8-bit RGB (libImaging/Resample.c).
 *
 * <p>The algorithm, kept literally because the last bit matters for matching reference embeddings:
 * <ol>
 *   <li>per output coordinate: {@code center = (i + 0.5) * scale}, {@code scale = in / out}; the filter support
 *       (2.0 for bicubic) is widened by {@code filterscale = max(scale, 1)} when downscaling (antialiasing); the
 *       taps run from {@code (int)(center - support + 0.5)} to {@code (int)(center + support + 0.5)}, clamped
 *       to the image; tap weights are {@code bicubic((x - center + 0.5) / filterscale)} with a = -0.5, all in
 *       double precision, then divided by their sum;</li>
 *   <li>weights become fixed point: {@code (int)(w * 2^22 ± 0.5)} (PRECISION_BITS = 32 - 8 - 2);</li>
 *   <li>two separable passes through an 8-bit intermediate: horizontal first (only over the source rows the
 *       vertical pass will read), unless the height shrinks by more than twice as many pixels as the width, in
 *       which case Pillow 13 runs the vertical pass first; each sum starts at {@code 1 << 21} (rounding), is
 *       shifted right by 22 (arithmetic) and clipped to 0..255. A pass whose size does not change is skipped,
 *       as in Pillow.</li>
 * </ol>
 *
 * <p>Every output pixel depends only on its own row's and column's taps, so {@link #resizeCropped} can compute a
 * window of the resized image with identical values while skipping all work outside it.
 *
 * <p>Stateless and thread-safe.
 */
final class ReferenceBicubicResampler {

    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int ROUNDING = 1 << (PRECISION_BITS - 1);
    private static final double SUPPORT = 2.0;

    /** Resizes {@code src} to {@code outW x outH}. */
    public RgbImage resize(RgbImage src, int outW, int outH) {
        return resizeCropped(src, outW, outH, 0, 0, outW, outH);
    }

    /**
     * The {@code cropW x cropH} window at ({@code cropX}, {@code cropY}) of {@code resize(src, outW, outH)},
     * computed without producing the rest of the resized image. The window must lie inside the resized image.
     */
    public RgbImage resizeCropped(RgbImage src, int outW, int outH, int cropX, int cropY, int cropW, int cropH) {
        Objects.requireNonNull(src, "src");
        if (outW <= 0 || outH <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + outW + "x" + outH);
        }
        if (cropW <= 0 || cropH <= 0 || cropX < 0 || cropY < 0
                || (long) cropX + cropW > outW || (long) cropY + cropH > outH) {
            throw new IllegalArgumentException("crop window " + cropW + "x" + cropH + " at (" + cropX + "," + cropY
                    + ") is not inside the " + outW + "x" + outH + " output");
        }
        int inW = src.width();
        int inH = src.height();
        Coefficients vertical = inH == outH ? null : Coefficients.compute(inH, outH, cropY, cropH);
        Coefficients horizontal = inW == outW ? null : Coefficients.compute(inW, outW, cropX, cropW);
        byte[] in = src.rgb();
        int inStride = inW * 3;

        if (horizontal == null && vertical == null) {
            return new RgbImage(cropW, cropH, copyWindow(in, inStride, cropX, cropY, cropW, cropH));
        }
        if (horizontal == null) {
            return new RgbImage(cropW, cropH, verticalPass(in, inStride, cropX * 3, cropW, vertical, 0));
        }
        if (vertical == null) {
            return new RgbImage(cropW, cropH, horizontalPass(in, inStride, 0, cropY, cropH, horizontal));
        }
        if (horizontalFirst(inW, inH, outW, outH)) {
            // Only the source rows the vertical taps of the window read.
            int firstRow = vertical.firstSourceIndex();
            int rowCount = vertical.sourceSpan();
            byte[] rows = horizontalPass(in, inStride, 0, firstRow, rowCount, horizontal);
            return new RgbImage(cropW, cropH, verticalPass(rows, cropW * 3, 0, cropW, vertical, firstRow));
        }
        // Vertical first, over only the source columns the horizontal taps of the window read.
        int firstColumn = horizontal.firstSourceIndex();
        int columnCount = horizontal.sourceSpan();
        byte[] columns = verticalPass(in, inStride, firstColumn * 3, columnCount, vertical, 0);
        return new RgbImage(cropW, cropH, horizontalPass(columns, columnCount * 3, firstColumn, 0, cropH, horizontal));
    }

    /**
     * Pillow 13's pass order (ImagingResampleInner): when the height shrinks by more than twice as many pixels
     * as the width does, the vertical pass runs first. The 8-bit rounding of the intermediate makes the order
     * observable (up to a few levels on rare pixels), so it has to be the same. Pillow 12 and earlier always
     * ran the horizontal pass first.
     */
    static boolean horizontalFirst(int inW, int inH, int outW, int outH) {
        long shrinkH = (long) inH - outH;
        long shrinkW = (long) inW - outW;
        return !(shrinkH > 0 && shrinkH > shrinkW * 2);
    }

    /**
     * Fixed-point filter taps for a window [{@code first}, {@code first + count}) of output coordinates.
     * {@code start[i]} is the first source index of output {@code first + i}, {@code taps[i]} how many are used,
     * and {@code weights[i * kernelSize + t]} their weights.
     */
    record Coefficients(int[] start, int[] taps, int[] weights, int kernelSize) {

        static Coefficients compute(int inSize, int outSize, int first, int count) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            int kernelSize = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[count];
            int[] taps = new int[count];
            int[] weights = new int[count * kernelSize];
            double[] w = new double[kernelSize];
            double ss = 1.0 / filterScale;
            for (int i = 0; i < count; i++) {
                int xx = first + i;
                double center = (xx + 0.5) * scale;
                // (int) truncates toward zero, as the C cast does; negative values are clamped right after.
                int xmin = (int) (center - support + 0.5);
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > inSize) {
                    xmax = inSize;
                }
                xmax -= xmin;
                double ww = 0.0;
                for (int x = 0; x < xmax; x++) {
                    double v = bicubic((x + xmin - center + 0.5) * ss);
                    w[x] = v;
                    ww += v;
                }
                for (int x = 0; x < xmax; x++) {
                    double k = ww != 0.0 ? w[x] / ww : w[x];
                    // normalize_coeffs_8bpc: round half away from zero, then truncate
                    weights[i * kernelSize + x] = k < 0
                            ? (int) (-0.5 + k * (1 << PRECISION_BITS))
                            : (int) (0.5 + k * (1 << PRECISION_BITS));
                }
                start[i] = xmin;
                taps[i] = xmax;
            }
            return new Coefficients(start, taps, weights, kernelSize);
        }

        int firstSourceIndex() {
            int min = Integer.MAX_VALUE;
            for (int s : start) {
                min = Math.min(min, s);
            }
            return min;
        }

        /** Number of source indices from {@link #firstSourceIndex()} to the last one any output reads. */
        int sourceSpan() {
            int max = 0;
            for (int i = 0; i < start.length; i++) {
                max = Math.max(max, start[i] + taps[i]);
            }
            return max - firstSourceIndex();
        }
    }

    /** Pillow's bicubic_filter with a = -0.5. */
    static double bicubic(double x) {
        final double a = -0.5;
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    /**
     * Horizontal pass. Reads rows [firstRow, firstRow + rowCount) of {@code in} (row stride {@code inStride}
     * bytes, whose column 0 is source column {@code columnOrigin}) and writes packed RGB rows of the window width.
     */
    private static byte[] horizontalPass(byte[] in, int inStride, int columnOrigin, int firstRow, int rowCount,
                                         Coefficients c) {
        int outW = c.start().length;
        byte[] out = new byte[rowCount * outW * 3];
        int[] start = c.start();
        int[] taps = c.taps();
        int[] weights = c.weights();
        int ks = c.kernelSize();
        int o = 0;
        for (int y = 0; y < rowCount; y++) {
            int row = (firstRow + y) * inStride;
            for (int xx = 0; xx < outW; xx++) {
                int p = row + (start[xx] - columnOrigin) * 3;
                int k = xx * ks;
                int n = taps[xx];
                int s0 = ROUNDING;
                int s1 = ROUNDING;
                int s2 = ROUNDING;
                for (int t = 0; t < n; t++, p += 3) {
                    int wt = weights[k + t];
                    s0 += (in[p] & 0xFF) * wt;
                    s1 += (in[p + 1] & 0xFF) * wt;
                    s2 += (in[p + 2] & 0xFF) * wt;
                }
                out[o] = clip8(s0);
                out[o + 1] = clip8(s1);
                out[o + 2] = clip8(s2);
                o += 3;
            }
        }
        return out;
    }

    /**
     * Vertical pass. Output row i sums rows {@code start[i] - rowOrigin ...} of {@code in} (row stride
     * {@code inStride}), over {@code columns} pixels starting at byte {@code columnByteOffset} of each row.
     * Whole rows are accumulated at a time (cache friendly); integer sums are exact, so the order of
     * accumulation does not change the result.
     */
    private static byte[] verticalPass(byte[] in, int inStride, int columnByteOffset, int columns, Coefficients c,
                                       int rowOrigin) {
        int outH = c.start().length;
        int width = columns * 3;
        byte[] out = new byte[outH * width];
        int[] acc = new int[width];
        int[] start = c.start();
        int[] taps = c.taps();
        int[] weights = c.weights();
        int ks = c.kernelSize();
        for (int yy = 0; yy < outH; yy++) {
            Arrays.fill(acc, ROUNDING);
            int k = yy * ks;
            for (int t = 0; t < taps[yy]; t++) {
                int wt = weights[k + t];
                int p = (start[yy] - rowOrigin + t) * inStride + columnByteOffset;
                for (int i = 0; i < width; i++) {
                    acc[i] += (in[p + i] & 0xFF) * wt;
                }
            }
            int o = yy * width;
            for (int i = 0; i < width; i++) {
                out[o + i] = clip8(acc[i]);
            }
        }
        return out;
    }

    /** Size unchanged in both directions: Pillow copies, so the window is a plain crop. */
    private static byte[] copyWindow(byte[] in, int inStride, int x, int y, int w, int h) {
        byte[] out = new byte[w * h * 3];
        for (int row = 0; row < h; row++) {
            System.arraycopy(in, (y + row) * inStride + x * 3, out, row * w * 3, w * 3);
        }
        return out;
    }

    /** Arithmetic shift then clip to 0..255, as Pillow's clip8 lookup does. */
    private static byte clip8(int v) {
        int s = v >> PRECISION_BITS;
        return (byte) (s < 0 ? 0 : Math.min(s, 255));
    }
}
