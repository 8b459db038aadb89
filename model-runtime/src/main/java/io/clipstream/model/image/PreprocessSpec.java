package io.clipstream.model.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * Model input preprocessing, mirroring the fields of a Hugging Face {@code preprocessor_config.json}.
 *
 * @param mode          resize strategy
 * @param shortestEdge  target shorter side for {@link ResizeMode#SHORTEST_EDGE_CENTER_CROP}; ignored by
 *                      {@link ResizeMode#SQUASH} (conventionally set equal to the crop height)
 * @param cropHeight    output tensor height
 * @param cropWidth     output tensor width
 * @param rescaleFactor multiplier from 0..255 to the model's range, usually 1/255
 * @param mean          per-channel (R, G, B) mean subtracted after rescaling
 * @param std           per-channel (R, G, B) standard deviation divided by after subtracting the mean
 */
public record PreprocessSpec(ResizeMode mode, int shortestEdge, int cropHeight, int cropWidth, double rescaleFactor,
                             float[] mean, float[] std) {

    /** openai/clip-vit-* defaults. */
    public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    public PreprocessSpec {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (cropHeight <= 0 || cropWidth <= 0) {
            throw new IllegalArgumentException("crop size must be positive, got " + cropWidth + "x" + cropHeight);
        }
        if (mode == ResizeMode.SHORTEST_EDGE_CENTER_CROP && shortestEdge <= 0) {
            throw new IllegalArgumentException("shortestEdge must be positive, got " + shortestEdge);
        }
        if (!(rescaleFactor > 0) || Double.isInfinite(rescaleFactor)) {
            throw new IllegalArgumentException("rescaleFactor must be a positive finite number, got " + rescaleFactor);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException(
                    "mean and std need one value per RGB channel, got " + mean.length + " and " + std.length);
        }
        for (int c = 0; c < 3; c++) {
            if (!Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("mean[" + c + "] must be finite, got " + mean[c]);
            }
            if (!(std[c] > 0) || !Float.isFinite(std[c])) {
                throw new IllegalArgumentException("std[" + c + "] must be positive and finite, got " + std[c]);
            }
        }
        mean = mean.clone(); // records expose their components; keep ours immutable
        std = std.clone();
    }

    /** CLIP ViT-B/32 style: shortest edge {@code size}, centre crop {@code size} x {@code size}. */
    public static PreprocessSpec clip(int size) {
        return new PreprocessSpec(ResizeMode.SHORTEST_EDGE_CENTER_CROP, size, size, size, 1 / 255.0, CLIP_MEAN, CLIP_STD);
    }

    /** SigLIP style: squash to {@code size} x {@code size}, mean = std = 0.5. */
    public static PreprocessSpec siglip(int size) {
        float[] half = {0.5f, 0.5f, 0.5f};
        return new PreprocessSpec(ResizeMode.SQUASH, size, size, size, 1 / 255.0, half, half);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /**
     * The exact float32 each 8-bit sample becomes, as transformers computes it: {@code table[c * 256 + v]} is
     * {@code ((float) (v * rescaleFactor) - mean[c]) / std[c]}, the product in double (numpy on float64 input),
     * the rest in float32. The one definition of the host's normalisation (the uint8 graph computes the same formula).
     */
    public float[] normalisationTable() {
        float[] table = new float[3 * 256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                float x = (float) (v * rescaleFactor);
                table[c * 256 + v] = (x - mean[c]) / std[c];
            }
        }
        return table;
    }

    /** Number of floats in one CHW tensor: 3 x cropHeight x cropWidth. */
    public int tensorSize() {
        return 3 * cropHeight * cropWidth;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessSpec p && mode == p.mode && shortestEdge == p.shortestEdge
                && cropHeight == p.cropHeight && cropWidth == p.cropWidth
                && Double.compare(rescaleFactor, p.rescaleFactor) == 0
                && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, shortestEdge, cropHeight, cropWidth, rescaleFactor, Arrays.hashCode(mean),
                Arrays.hashCode(std));
    }

    @Override
    public String toString() {
        return "PreprocessSpec[mode=" + mode + ", shortestEdge=" + shortestEdge + ", crop=" + cropWidth + "x"
                + cropHeight + ", rescaleFactor=" + rescaleFactor + ", mean=" + Arrays.toString(mean)
                + ", std=" + Arrays.toString(std) + "]";
    }
}
