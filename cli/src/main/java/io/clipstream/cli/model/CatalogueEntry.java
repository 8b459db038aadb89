package io.clipstream.cli.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model the CLI knows how to fetch: a hub repository pinned to a revision, the files that make the model
 * ({@code {variant}} stands for "" or "_" + variant, as in {@code onnx/vision_model_fp16.onnx}), and SHA-256
 * pins that take precedence over what the hub reports.
 */
public record CatalogueEntry(String name, String description, String repo, String revision, List<String> files,
                             List<String> optionalFiles, Map<String, String> sha256) {

    public CatalogueEntry {
        files = List.copyOf(files == null ? List.of() : files);
        optionalFiles = List.copyOf(optionalFiles == null ? List.of() : optionalFiles);
        sha256 = Map.copyOf(sha256 == null ? Map.of() : sha256);
        if (name == null || repo == null || revision == null || files.isEmpty()) {
            throw new IllegalArgumentException("a catalogue entry needs name, repo, revision and files: " + name);
        }
        sha256.forEach((path, hex) -> {
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("sha256 pin of " + path + " in " + name + " is not 64 hex digits");
            }
        });
    }

    /** Required file paths for a variant ("" for the plain export). */
    public List<String> requiredFiles(String variant) {
        return resolve(files, variant);
    }

    public List<String> optionalFiles(String variant) {
        return resolve(optionalFiles, variant);
    }

    private static List<String> resolve(List<String> paths, String variant) {
        String suffix = variant == null || variant.isEmpty() ? "" : "_" + variant;
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            out.add(p.replace("{variant}", suffix));
        }
        return out;
    }
}
