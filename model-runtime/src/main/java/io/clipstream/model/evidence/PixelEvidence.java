package io.clipstream.model.evidence;

import io.clipstream.model.image.RgbImage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Cheap pixel-domain facts about a decoded image, computed while it is decoded anyway: a grey 8x8 thumbnail whose
 * correlation survives re-encoding, resizing, tone shifts and small crops but tells two different pictures apart
 * (measured against a 64-bit dHash, which small crops of smooth pictures broke), whether the image is near-uniform
 * (black, white or one colour frames, the class duplicate finders group wrongly), and SHA-256 digests.
 */
public final class PixelEvidence {

    private static final int THUMBNAIL_SIDE = 8;
    private static final int SAMPLED_PIXELS = 65_536;
    private static final int UNIFORMITY_GRID = 16;

    private PixelEvidence() {
    }

    /**
     * The grey thumbnail: mean grey of 8x8 boxes, one byte each, 16 hex digits per row. Box averages stay put under
     * re-encoding, resizing and tone changes, and move little under a small crop; comparing two by correlation
     * ({@link #correlation}) ignores brightness and contrast.
     */
    public static String greyThumbnailHex(RgbImage image) {
        double[] cells = greyCells(image, THUMBNAIL_SIDE, THUMBNAIL_SIDE);
        byte[] bytes = new byte[cells.length];
        for (int i = 0; i < cells.length; i++) {
            bytes[i] = (byte) Math.round(cells[i]);
        }
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Pearson correlation of two grey thumbnails (hex, as made by {@link #greyThumbnailHex}): 1 for the same
     * picture under any brightness and contrast, near 0 for unrelated ones; 0 when either is flat.
     */
    public static double correlation(String thumbnailA, String thumbnailB) {
        byte[] a = HexFormat.of().parseHex(thumbnailA);
        byte[] b = HexFormat.of().parseHex(thumbnailB);
        if (a.length != b.length) {
            throw new IllegalArgumentException("thumbnails of " + a.length + " and " + b.length + " cells");
        }
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < a.length; i++) {
            meanA += a[i] & 0xFF;
            meanB += b[i] & 0xFF;
        }
        meanA /= a.length;
        meanB /= b.length;
        double cross = 0;
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < a.length; i++) {
            double da = (a[i] & 0xFF) - meanA;
            double db = (b[i] & 0xFF) - meanB;
            cross += da * db;
            varA += da * da;
            varB += db * db;
        }
        return varA == 0 || varB == 0 ? 0 : cross / Math.sqrt(varA * varB);
    }

    /**
     * Range of the grey level (0-255, brightest minus darkest) over a 16x16 grid of box averages: small only when
     * no part of the image stands out from the rest, whatever its colour and noise (averaging removes sensor noise
     * and JPEG ringing, and a small subject still moves a whole box).
     */
    public static double greyRange(RgbImage image) {
        double[] cells = greyCells(image, UNIFORMITY_GRID, UNIFORMITY_GRID);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double c : cells) {
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        return max - min;
    }

    /** Grey box averages on a {@code side x side} grid, row-major (for tools and diagnostics). */
    public static double[] greyGrid(RgbImage image, int side) {
        return greyCells(image, side, side);
    }

    /** SHA-256 of {@code bytes}, lower-case hex. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Mean grey (BT.601 luma, integer weights) of each of {@code columns x rows} boxes, row-major; boxes split the
     * image evenly. One pass of integer sums over a regular sample of at most about 64k pixels (every
     * {@code step}-th row and column): a box average hardly moves, and this runs on every decoded image.
     */
    private static double[] greyCells(RgbImage image, int columns, int rows) {
        int width = image.width();
        int height = image.height();
        byte[] rgb = image.rgb();
        int step = Math.max(1, (int) Math.sqrt((double) width * height / SAMPLED_PIXELS));
        int[] columnOf = new int[width];
        long[] columnWidth = new long[columns];
        for (int x = 0; x < width; x += step) {
            columnOf[x] = (int) ((long) x * columns / width);
            columnWidth[columnOf[x]]++;
        }
        long[] rowHeight = new long[rows];
        long[] sums = new long[columns * rows];
        for (int y = 0; y < height; y += step) {
            int row = (int) ((long) y * rows / height);
            rowHeight[row]++;
            int rowStart = row * columns;
            int p = y * width * 3;
            for (int x = 0; x < width; x += step, p += 3 * step) {
                sums[rowStart + columnOf[x]] += 77 * (rgb[p] & 0xFF) + 150 * (rgb[p + 1] & 0xFF)
                        + 29 * (rgb[p + 2] & 0xFF);
            }
        }
        double[] cells = new double[sums.length];
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < columns; col++) {
                long count = rowHeight[row] * columnWidth[col];
                cells[row * columns + col] = count == 0 ? 0 : sums[row * columns + col] / (256.0 * count);
            }
        }
        return cells;
    }
}
