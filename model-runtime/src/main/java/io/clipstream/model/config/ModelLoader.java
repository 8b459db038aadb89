package io.clipstream.model.config;

import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import java.util.Set;

/** Opens the configured model with the towers a service needs. */
public final class ModelLoader {

    private ModelLoader() {
    }

    public static ClipModel open(ModelConfig model, OnnxConfig onnx, Set<Tower> towers) {
        return ClipModel.open(model.dir(), new ModelOptions(model.variant().orElse(""), onnx.execution(), towers,
                model.id()));
    }
}
