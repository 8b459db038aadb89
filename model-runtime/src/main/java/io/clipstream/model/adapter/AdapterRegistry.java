package io.clipstream.model.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The model registry folder: {@code <root>/<baseModelId>/v<N>/manifest.json} plus one safetensors file per tower
 * ({@code weight} d x d, {@code bias} d). The manifest names each tower's file and residual scale under
 * {@code adapters.text} and {@code adapters.image}; other manifest fields (metrics, training window) are the
 * trainer's and are ignored here. Version 0 is the base model and has no folder.
 */
public final class AdapterRegistry {

    public static final String MANIFEST = "manifest.json";
    /** The manifest field holding the version's relevance calibration, when it has one. */
    public static final String CALIBRATION = "calibration";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public AdapterRegistry(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path versionDir(String baseModelId, int version) {
        return root.resolve(baseModelId).resolve("v" + version);
    }

    /** The adapters of {@code version}; identities for version 0. */
    public VersionAdapters load(String baseModelId, int version, int dims) {
        if (version == 0) {
            return VersionAdapters.base(baseModelId, dims);
        }
        Path dir = versionDir(baseModelId, version);
        Path manifestFile = dir.resolve(MANIFEST);
        try {
            if (!Files.isRegularFile(manifestFile)) {
                throw new AdapterLoadException("model " + baseModelId + " v" + version + " has no " + manifestFile);
            }
            JsonNode manifest = JSON.readTree(manifestFile.toFile());
            return new VersionAdapters(baseModelId, version, tower(dir, manifest, "text", dims),
                    tower(dir, manifest, "image", dims));
        } catch (IOException e) {
            throw new AdapterLoadException("cannot read model " + baseModelId + " v" + version + " from " + dir
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The relevance calibration published with {@code version}, if any: the manifest's {@code calibration}. Version
     * 0 and versions published without one have none.
     */
    public java.util.Optional<io.clipstream.model.calibration.RelevanceCalibration> loadCalibration(
            String baseModelId, int version) {
        if (version == 0) {
            return java.util.Optional.empty();
        }
        Path manifestFile = versionDir(baseModelId, version).resolve(MANIFEST);
        try {
            JsonNode node = JSON.readTree(manifestFile.toFile()).path(CALIBRATION);
            if (node.isMissingNode() || node.isNull()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(JSON.treeToValue(node,
                    io.clipstream.model.calibration.RelevanceCalibration.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new AdapterLoadException("cannot read the calibration of model " + baseModelId + " v" + version
                    + " from " + manifestFile + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddingAdapter tower(Path dir, JsonNode manifest, String tower, int dims) throws IOException {
        JsonNode spec = manifest.path("adapters").path(tower);
        if (spec.isMissingNode() || spec.isNull()) {
            return EmbeddingAdapter.identity(dims);
        }
        String file = spec.path("file").asText("");
        if (file.isEmpty() || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
            throw new AdapterLoadException(dir + ": adapters." + tower + ".file must name a file in that folder, got '"
                    + file + "'");
        }
        Map<String, SafeTensors.Tensor> tensors = SafeTensors.read(dir.resolve(file));
        SafeTensors.Tensor weight = tensors.get(ResidualAdapter.WEIGHT);
        SafeTensors.Tensor bias = tensors.get(ResidualAdapter.BIAS);
        if (weight == null || bias == null) {
            throw new AdapterLoadException(dir.resolve(file) + " must hold tensors 'weight' and 'bias', found "
                    + tensors.keySet());
        }
        if (weight.shape().length != 2 || weight.shape()[0] != dims || weight.shape()[1] != dims) {
            throw new AdapterLoadException(dir.resolve(file) + ": weight must be " + dims + "x" + dims + " for this "
                    + dims + "-d model, got " + java.util.Arrays.toString(weight.shape()));
        }
        return new ResidualAdapter(dims, weight.data(), bias.data(), (float) spec.path("scale").asDouble(1.0));
    }

    /**
     * Writes a version atomically: everything goes into a temporary sibling folder, which is renamed to
     * {@code v<N>} last, so a reader sees the whole version or none of it. Extra manifest fields are kept.
     */
    public Path write(String baseModelId, int version, ResidualAdapter text, ResidualAdapter image,
                      ObjectNode extraManifest) {
        Path target = versionDir(baseModelId, version);
        Path tmp = target.resolveSibling(".v" + version + ".tmp-" + ProcessHandle.current().pid());
        try {
            if (Files.exists(target)) {
                throw new AdapterLoadException(target + " exists already: versions are immutable");
            }
            deleteTree(tmp);
            Files.createDirectories(tmp);
            ObjectNode manifest = extraManifest == null ? JSON.createObjectNode() : extraManifest.deepCopy();
            manifest.put("baseModelId", baseModelId);
            manifest.put("version", version);
            ObjectNode adapters = manifest.putObject("adapters");
            writeTower(tmp, adapters, "text", text);
            writeTower(tmp, adapters, "image", image);
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(MANIFEST).toFile(), manifest);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model " + baseModelId + " v" + version + " to " + target, e);
        }
    }

    private static void writeTower(Path dir, ObjectNode adapters, String tower, ResidualAdapter adapter)
            throws IOException {
        String file = tower + "-adapter.safetensors";
        int d = adapter.dims();
        SafeTensors.write(dir.resolve(file), new java.util.LinkedHashMap<>(Map.of(
                ResidualAdapter.WEIGHT, new SafeTensors.Tensor(new int[] {d, d}, adapter.weight()),
                ResidualAdapter.BIAS, new SafeTensors.Tensor(new int[] {d}, adapter.bias()))));
        adapters.putObject(tower).put("file", file).put("kind", "residual-linear").put("scale", adapter.scale());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
