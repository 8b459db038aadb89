package io.clipstream.model.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * Decoded pixels as interleaved 8-bit R, G, B, row-major with no padding: pixel (x, y) starts at
 * {@code (y * width + x) * 3}. The array is shared, not copied, because images are large and passed along a
 * pipeline that treats them as read-only.
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        Objects.requireNonNull(rgb, "rgb");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        long expected = (long) width * height * 3;
        if (rgb.length != expected) {
            throw new IllegalArgumentException(
                    "rgb must hold width*height*3 = " + expected + " bytes for " + width + "x" + height
                            + ", got " + rgb.length);
        }
    }

    /** Channel {@code c} (0 = R, 1 = G, 2 = B) of pixel (x, y), as 0..255. Convenience for tests and tools. */
    public int sample(int x, int y, int c) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        Objects.checkIndex(c, 3);
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }

    /** Value equality over the pixels (records would otherwise compare the array reference). */
    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other
                && width == other.width && height == other.height && Arrays.equals(rgb, other.rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
