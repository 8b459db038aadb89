package io.clipstream.model.image;

import java.util.Objects;

/**
 * Bit-exact port of Pillow's {@code Image.resize(size, Image.BICUBIC)} for 8-bit RGB (libImaging/Resample.c).
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
 * <p>How it is fast while computing the same integers as Pillow: both passes sum whole {@code int[]} lines that C2
 * vectorises ({@link WeightedLineSum}); the horizontal pass works on the transposed source
 * ({@link HorizontalPass}); intermediates live in per-thread scratch ({@link ResampleScratch}) and coefficients
 * in a small cache ({@link BicubicCoefficients#of}).
 *
 * <p>Stateless and thread-safe.
 */
public final class BicubicResampler {

    /** Resizes {@code src} to {@code outW x outH}. */
    public RgbImage resize(RgbImage src, int outW, int outH) {
        return resizeCropped(src, outW, outH, 0, 0, outW, outH);
    }

    /**
     * The {@code cropW x cropH} window at ({@code cropX}, {@code cropY}) of {@code resize(src, outW, outH)},
     * computed without producing the rest of the resized image. The window must lie inside the resized image.
     */
    public RgbImage resizeCropped(RgbImage src, int outW, int outH, int cropX, int cropY, int cropW, int cropH) {
        checkWindow(src, outW, outH, cropX, cropY, cropW, cropH);
        byte[] out = new byte[cropW * cropH * 3];
        resizeCroppedInto(src, outW, outH, cropX, cropY, cropW, cropH, out, 0);
        return new RgbImage(cropW, cropH, out);
    }

    /**
     * {@link #resizeCropped} written into {@code dst}: packed RGB, row-major, {@code cropW * cropH * 3} bytes from
     * {@code dstOffset}; nothing else of {@code dst} is touched. Allocates nothing in steady state.
     *
     * @throws IndexOutOfBoundsException if the window does not fit in {@code dst} at {@code dstOffset}
     */
    public void resizeCroppedInto(RgbImage src, int outW, int outH, int cropX, int cropY, int cropW, int cropH,
                                  byte[] dst, int dstOffset) {
        checkWindow(src, outW, outH, cropX, cropY, cropW, cropH);
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(dstOffset, cropW * cropH * 3, dst.length);
        int inW = src.width();
        int inH = src.height();
        byte[] in = src.rgb();
        int inStride = inW * 3;
        int dstStride = cropW * 3;
        BicubicCoefficients vertical = inH == outH ? null : BicubicCoefficients.of(inH, outH, cropY, cropH);
        BicubicCoefficients horizontal = inW == outW ? null : BicubicCoefficients.of(inW, outW, cropX, cropW);
        ResampleScratch scratch = ResampleScratch.get();

        if (horizontal == null && vertical == null) {
            for (int row = 0; row < cropH; row++) {
                System.arraycopy(in, (cropY + row) * inStride + cropX * 3, dst, dstOffset + row * dstStride,
                        dstStride);
            }
        } else if (horizontal == null) {
            VerticalPass.fromBytes(in, inStride, cropX * 3, dstStride, vertical, null, dst, dstOffset, dstStride,
                    scratch);
        } else if (vertical == null) {
            HorizontalPass.fromBytes(in, inStride, cropY, cropH, horizontal, null, dst, dstOffset, dstStride,
                    scratch);
        } else if (horizontalFirst(inW, inH, outW, outH)) {
            // Only the source rows the vertical taps of the window read.
            int[][] rows = scratch.rows(vertical.sourceSpan(), dstStride);
            HorizontalPass.fromBytes(in, inStride, vertical.firstSource, vertical.sourceSpan(), horizontal, rows,
                    null, 0, 0, scratch);
            VerticalPass.fromRows(rows, vertical.firstSource, dstStride, vertical, dst, dstOffset, dstStride,
                    scratch);
        } else {
            // Vertical first, over only the source columns the horizontal taps of the window read; its output is
            // stored transposed, which is the layout the horizontal pass wants.
            int width = horizontal.sourceSpan() * 3;
            int[][] lines = scratch.lines(width, cropH);
            VerticalPass.fromBytes(in, inStride, horizontal.firstSource * 3, width, vertical, lines, null, 0, 0,
                    scratch);
            HorizontalPass.fromLines(lines, cropH, horizontal, dst, dstOffset, dstStride, scratch);
        }
    }

    private static void checkWindow(RgbImage src, int outW, int outH, int cropX, int cropY, int cropW, int cropH) {
        Objects.requireNonNull(src, "src");
        if (outW <= 0 || outH <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + outW + "x" + outH);
        }
        if (cropW <= 0 || cropH <= 0 || cropX < 0 || cropY < 0
                || (long) cropX + cropW > outW || (long) cropY + cropH > outH) {
            throw new IllegalArgumentException("crop window " + cropW + "x" + cropH + " at (" + cropX + "," + cropY
                    + ") is not inside the " + outW + "x" + outH + " output");
        }
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

    /** Pillow's bicubic_filter with a = -0.5. */
    static double bicubic(double x) {
        return BicubicCoefficients.bicubic(x);
    }
}
