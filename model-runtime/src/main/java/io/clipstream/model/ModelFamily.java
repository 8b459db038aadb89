package io.clipstream.model;

import java.util.Locale;

/** The model families clipstream runs; they differ in preprocessing, text padding and scoring. */
public enum ModelFamily {
    CLIP,
    SIGLIP;

    /** Maps a Hugging Face {@code model_type} to a family. */
    public static ModelFamily fromModelType(String modelType) {
        return switch (modelType.toLowerCase(Locale.ROOT)) {
            case "clip", "clip_vision_model", "clip_text_model" -> CLIP;
            case "siglip", "siglip2", "siglip_vision_model", "siglip_text_model" -> SIGLIP;
            default -> throw new ModelLoadException("unsupported model_type '" + modelType
                    + "': clipstream runs CLIP (model_type clip) and SigLIP (siglip, siglip2) models");
        };
    }
}
