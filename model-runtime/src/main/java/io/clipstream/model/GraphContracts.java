package io.clipstream.model;

import io.clipstream.model.onnx.GraphContract;
import java.util.List;

/** The graph names each layout, family and tower must have. */
final class GraphContracts {

    private GraphContracts() {
    }

    static GraphContract of(ModelLayout layout, ModelFamily family, Tower tower) {
        String name = family + " " + tower.name().toLowerCase() + " (" + layout + " layout)";
        if (layout == ModelLayout.OPEN_CLIP) {
            return tower == Tower.VISION
                    ? new GraphContract(name, List.of("image"), List.of(), List.of("embedding"))
                    : new GraphContract(name, List.of("text"), List.of(), List.of("embedding"));
        }
        // transformers.js exports CLIP towers "with projection"; SigLIP towers expose the embedding as the pooler.
        boolean clip = family == ModelFamily.CLIP;
        return tower == Tower.VISION
                ? new GraphContract(name, List.of("pixel_values"), List.of(),
                        clip ? List.of("image_embeds") : List.of("image_embeds", "pooler_output"))
                : new GraphContract(name, List.of("input_ids"), List.of("attention_mask"),
                        clip ? List.of("text_embeds") : List.of("text_embeds", "pooler_output"));
    }
}
