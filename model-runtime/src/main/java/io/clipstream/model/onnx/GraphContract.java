package io.clipstream.model.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.clipstream.model.ModelLoadException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The input and output names an encoder graph must have. Checked when the session opens, so a wrong export
 * fails at start-up with a message listing what was expected and what the graph has.
 *
 * @param tower human name of the tower, e.g. "CLIP vision (Hugging Face layout)"
 * @param requiredInputs inputs we always feed
 * @param optionalInputs inputs we feed when present
 * @param outputCandidates acceptable embedding outputs, in order of preference
 */
public record GraphContract(String tower, List<String> requiredInputs, List<String> optionalInputs,
                            List<String> outputCandidates) {

    /** What a validated graph offers: the chosen output and which optional inputs it has. */
    public record Binding(String output, List<String> presentOptionalInputs, Map<String, NodeInfo> inputs) {

        public boolean has(String optionalInput) {
            return presentOptionalInputs.contains(optionalInput);
        }

        public TensorInfo input(String name) {
            return (TensorInfo) inputs.get(name).getInfo();
        }
    }

    public Binding validate(OrtSession session, Path file) {
        Map<String, NodeInfo> inputs;
        Map<String, NodeInfo> outputs;
        try {
            inputs = session.getInputInfo();
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new ModelLoadException("cannot read the inputs and outputs of " + file + ": " + e.getMessage(), e);
        }
        List<String> missing = requiredInputs.stream().filter(n -> !inputs.containsKey(n)).toList();
        List<String> unknown = inputs.keySet().stream()
                .filter(n -> !requiredInputs.contains(n) && !optionalInputs.contains(n)).toList();
        String output = outputCandidates.stream().filter(outputs::containsKey).findFirst().orElse(null);
        if (!missing.isEmpty() || !unknown.isEmpty() || output == null) {
            throw new ModelLoadException(file + " does not look like a " + tower + " encoder: expected inputs "
                    + requiredInputs + (optionalInputs.isEmpty() ? "" : " (optionally " + optionalInputs + ")")
                    + " and an output named one of " + outputCandidates + "; the graph has inputs "
                    + describe(inputs) + " and outputs " + describe(outputs));
        }
        for (NodeInfo info : outputs.values()) {
            if (!(info.getInfo() instanceof TensorInfo)) {
                throw new ModelLoadException(file + " output " + info.getName() + " is not a tensor");
            }
        }
        List<String> present = optionalInputs.stream().filter(inputs::containsKey).toList();
        return new Binding(output, present, inputs);
    }

    static String describe(Map<String, NodeInfo> nodes) {
        return nodes.values().stream().map(n -> {
            if (n.getInfo() instanceof TensorInfo t) {
                return n.getName() + ": " + t.type + Arrays.toString(t.getShape());
            }
            return n.getName() + ": " + n.getInfo();
        }).collect(Collectors.joining(", ", "[", "]"));
    }
}
