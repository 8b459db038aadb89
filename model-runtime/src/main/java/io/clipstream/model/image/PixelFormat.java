package io.clipstream.model.image;

/**
 * How one preprocessed image is laid out in an encoder's input tensor: normalised floats channel-first (float32,
 * or float16 for half-precision exports), or the raw 8-bit samples when the graph normalises them itself
 * (channel-first, or interleaved as decoded).
 */
public enum PixelFormat {
    FLOAT32_CHW(Float.BYTES),
    FLOAT16_CHW(Short.BYTES),
    UINT8_CHW(1),
    UINT8_HWC(1);

    private final int bytesPerSample;

    PixelFormat(int bytesPerSample) {
        this.bytesPerSample = bytesPerSample;
    }

    public int bytesPerSample() {
        return bytesPerSample;
    }

    /** Bytes of one 3 x height x width image. */
    public int bytesPerImage(int height, int width) {
        return Math.multiplyExact(3 * bytesPerSample, Math.multiplyExact(height, width));
    }
}
