package io.clipstream.model;

/** The on-disk layouts of exported models that clipstream reads. */
public enum ModelLayout {
    /** Hugging Face / transformers.js: config.json, preprocessor_config.json, tokenizer.json, onnx/*.onnx. */
    HUGGING_FACE,
    /** OpenCLIP / Immich: config.json, visual/model.onnx, visual/preprocess_cfg.json, textual/*. */
    OPEN_CLIP
}
