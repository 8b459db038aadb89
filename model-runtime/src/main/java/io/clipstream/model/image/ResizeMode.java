package io.clipstream.model.image;

/** How an image is brought to the model's input size. */
public enum ResizeMode {
    /**
     * CLIP (Hugging Face CLIPImageProcessor): resize so the shorter side equals the spec's shortest edge, keeping
     * the aspect ratio, then take the centre crop.
     */
    SHORTEST_EDGE_CENTER_CROP,
    /** SigLIP: resize straight to crop width x crop height, ignoring the aspect ratio; no crop. */
    SQUASH
}
