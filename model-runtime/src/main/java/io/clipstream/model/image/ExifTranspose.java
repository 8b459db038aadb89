package io.clipstream.model.image;

/**
 * Applies an EXIF orientation to decoded pixels so the result is upright, with the same transposition Pillow's
 * {@code ImageOps.exif_transpose} picks: 2 FLIP_LEFT_RIGHT, 3 ROTATE_180, 4 FLIP_TOP_BOTTOM, 5 TRANSPOSE,
 * 6 ROTATE_270 (90 degrees clockwise), 7 TRANSVERSE, 8 ROTATE_90 (90 degrees counter-clockwise).
 */
final class ExifTranspose {

    private ExifTranspose() {
    }

    static RgbImage apply(RgbImage src, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        int w = src.width();
        int h = src.height();
        boolean swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        byte[] in = src.rgb();
        byte[] out = new byte[in.length];
        // For each output pixel (x, y) the source is (sx, sy) = (x0 + x*dxx + y*dxy, y0 + x*dyx + y*dyy).
        // Walking the output in row order, the source index therefore moves by a constant step per column and
        // per row, so the inner loop is a plain strided copy.
        int x0;
        int y0;
        int dxx;
        int dxy;
        int dyx;
        int dyy;
        switch (orientation) {
            case 2 -> { x0 = w - 1; y0 = 0; dxx = -1; dxy = 0; dyx = 0; dyy = 1; }
            case 3 -> { x0 = w - 1; y0 = h - 1; dxx = -1; dxy = 0; dyx = 0; dyy = -1; }
            case 4 -> { x0 = 0; y0 = h - 1; dxx = 1; dxy = 0; dyx = 0; dyy = -1; }
            case 5 -> { x0 = 0; y0 = 0; dxx = 0; dxy = 1; dyx = 1; dyy = 0; }
            case 6 -> { x0 = 0; y0 = h - 1; dxx = 0; dxy = 1; dyx = -1; dyy = 0; }
            case 7 -> { x0 = w - 1; y0 = h - 1; dxx = 0; dxy = -1; dyx = -1; dyy = 0; }
            default -> { x0 = w - 1; y0 = 0; dxx = 0; dxy = -1; dyx = 1; dyy = 0; } // 8
        }
        int stepPerColumn = (dyx * w + dxx) * 3;
        int stepPerRow = (dyy * w + dxy) * 3;
        int rowStart = (y0 * w + x0) * 3;
        int o = 0;
        for (int y = 0; y < outH; y++) {
            int s = rowStart;
            for (int x = 0; x < outW; x++) {
                out[o] = in[s];
                out[o + 1] = in[s + 1];
                out[o + 2] = in[s + 2];
                o += 3;
                s += stepPerColumn;
            }
            rowStart += stepPerRow;
        }
        return new RgbImage(outW, outH, out);
    }
}
