package io.clipstream.model;

import io.clipstream.model.onnx.ExecutionSettings;
import java.util.EnumSet;
import java.util.Set;

/**
 * How to open a model.
 *
 * @param variant ONNX file variant of the Hugging Face layout: "" for onnx/vision_model.onnx, "fp16" for
 *     onnx/vision_model_fp16.onnx, "quantized" for onnx/vision_model_quantized.onnx, ...
 * @param execution ONNX Runtime settings
 * @param towers which encoders to open (the indexer needs only the vision tower)
 * @param modelId overrides the id read from the directory; null keeps it
 */
public record ModelOptions(String variant, ExecutionSettings execution, Set<Tower> towers, String modelId) {

    public ModelOptions {
        variant = variant == null ? "" : variant;
        if (towers == null || towers.isEmpty()) {
            throw new IllegalArgumentException("open at least one tower");
        }
        towers = Set.copyOf(towers);
    }

    public static ModelOptions both(ExecutionSettings execution) {
        return new ModelOptions("", execution, EnumSet.allOf(Tower.class), null);
    }

    public static ModelOptions only(Tower tower, ExecutionSettings execution) {
        return new ModelOptions("", execution, EnumSet.of(tower), null);
    }

    public ModelOptions withVariant(String newVariant) {
        return new ModelOptions(newVariant, execution, towers, modelId);
    }

    public ModelOptions withModelId(String id) {
        return new ModelOptions(variant, execution, towers, id);
    }
}
