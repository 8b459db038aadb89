package io.clipstream.model.image;

/**
 * Upper bounds applied before any pixel is decoded, so a hostile or broken upload cannot exhaust memory.
 *
 * @param maxBytes  largest accepted encoded size in bytes
 * @param maxPixels largest accepted width x height, checked against the header before pixels are decoded
 *                  (the decompression-bomb guard: a few KiB of PNG can declare gigapixels)
 */
public record DecodeLimits(long maxBytes, long maxPixels) {

    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    /**
     * The decoded RGB buffer is one Java array of width*height*3 bytes, so more pixels than this cannot be
     * represented at all.
     */
    public static final long ABSOLUTE_MAX_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    public DecodeLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        if (maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "maxBytes must fit in a Java array (<= " + (Integer.MAX_VALUE - 8) + "), got " + maxBytes);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        if (maxPixels > ABSOLUTE_MAX_PIXELS) {
            throw new IllegalArgumentException(
                    "maxPixels must be <= " + ABSOLUTE_MAX_PIXELS + " (an RGB buffer is one byte array), got " + maxPixels);
        }
    }

    /** 20 MiB encoded, 40 megapixels decoded. */
    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);
    }
}
