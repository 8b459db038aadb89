package io.clipstream.model.image;

/**
 * Picks the DCT-domain scale for a JPEG: the largest reduction of 1/2, 1/4 and 1/8 whose shorter side is still at
 * least the requested minimum. libjpeg rounds scaled sizes up ({@code ceil(size / denominator)}, jdmaster.c
 * jpeg_core_output_dimensions), and the shorter side is the same before and after an EXIF rotation, so the
 * header's size decides.
 */
final class DctScale {

    private DctScale() {
    }

    /**
     * @param minShortSide smallest acceptable decoded shorter side; 0 means full scale
     * @return 1, 2, 4 or 8
     */
    static int denominator(int width, int height, int minShortSide) {
        if (minShortSide < 0) {
            throw new IllegalArgumentException("minShortSide must be >= 0, got " + minShortSide);
        }
        if (minShortSide == 0) {
            return 1;
        }
        int shortSide = Math.min(width, height);
        for (int d = 8; d > 1; d /= 2) {
            if (scaled(shortSide, d) >= minShortSide) {
                return d;
            }
        }
        return 1;
    }

    /** libjpeg's scaled size: ceil(size / denominator). */
    static int scaled(int size, int denominator) {
        return (size + denominator - 1) / denominator;
    }
}
