package io.clipstream.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.model.image.PreprocessSpec;
import io.clipstream.model.image.ResizeMode;
import io.clipstream.model.text.TextCleaning;
import io.clipstream.model.text.TokenizerVocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Reads a model directory in either supported layout into a {@link ModelDescriptor}. Only configs are read
 * here; sessions open later, so a bad directory fails fast with a message naming the file and the field.
 */
public final class ModelDirectory {

    private static final Logger LOG = Logger.getLogger(ModelDirectory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final float[] OPENAI_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] OPENAI_STD = {0.26862954f, 0.26130258f, 0.27577711f};
    private static final float[] HALF = {0.5f, 0.5f, 0.5f};
    private static final int PIL_BICUBIC = 3;
    private static final String SIDE_FILE = "clipstream.json";

    private ModelDirectory() {
    }

    public static ModelDescriptor open(Path directory) {
        return open(directory, "", null);
    }

    /**
     * @param variant Hugging Face ONNX file variant ("" for the plain export, "fp16", "quantized", ...)
     * @param modelIdOverride id to use instead of the one found in the directory; null keeps it
     */
    public static ModelDescriptor open(Path directory, String variant, String modelIdOverride) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model directory " + dir + " does not exist or is not a directory");
        }
        ModelDescriptor descriptor;
        if (Files.isDirectory(dir.resolve("visual")) || Files.isDirectory(dir.resolve("textual"))) {
            if (!variant.isEmpty()) {
                throw new ModelLoadException("ONNX variants ('" + variant + "') exist only in the Hugging Face "
                        + "layout; " + dir + " is in the OpenCLIP layout");
            }
            descriptor = openClip(dir);
        } else if (Files.isDirectory(dir.resolve("onnx"))) {
            descriptor = huggingFace(dir, variant);
        } else {
            throw new ModelLoadException(dir + " is not a model directory: expected onnx/vision_model.onnx "
                    + "(Hugging Face / transformers.js layout) or visual/model.onnx (OpenCLIP / Immich layout); "
                    + "it contains " + listing(dir));
        }
        if (modelIdOverride != null && !modelIdOverride.isBlank()) {
            descriptor = new ModelDescriptor(modelIdOverride, descriptor.family(), descriptor.layout(), dir,
                    descriptor.visionModel(), descriptor.textModel(), descriptor.tokenizer(), descriptor.preprocess(),
                    descriptor.text(), descriptor.score());
        }
        return descriptor;
    }

    private static ModelDescriptor huggingFace(Path dir, String variant) {
        JsonNode config = readJson(dir.resolve("config.json"));
        String modelType = config.path("model_type").asText("");
        if (modelType.isEmpty()) {
            throw new ModelLoadException(dir.resolve("config.json") + " has no model_type");
        }
        ModelFamily family = ModelFamily.fromModelType(modelType);
        String suffix = variant.isEmpty() ? "" : "_" + variant;
        Path vision = dir.resolve("onnx/vision_model" + suffix + ".onnx");
        Path text = dir.resolve("onnx/text_model" + suffix + ".onnx");
        if (!Files.isRegularFile(vision) && !Files.isRegularFile(text)) {
            throw new ModelLoadException("no " + vision.getFileName() + " or " + text.getFileName() + " in "
                    + dir.resolve("onnx") + "; it contains " + listing(dir.resolve("onnx")));
        }
        PreprocessSpec preprocess = hfPreprocess(dir.resolve("preprocessor_config.json"), family);
        Path tokenizer = dir.resolve("tokenizer.json");
        int context = config.path("text_config").path("max_position_embeddings")
                .asInt(family == ModelFamily.CLIP ? 77 : 64);
        TextSpec textSpec = new TextSpec(context, padId(dir, tokenizer, family), family == ModelFamily.SIGLIP,
                cleaning(family));
        JsonNode side = sideFile(dir);
        String id = side.path("modelId").asText(nameFrom(config.path("_name_or_path").asText(""), dir));
        return new ModelDescriptor(id, family, ModelLayout.HUGGING_FACE, dir, vision, text, tokenizer, preprocess,
                textSpec, score(side, family));
    }

    private static PreprocessSpec hfPreprocess(Path file, ModelFamily family) {
        JsonNode cfg = readJson(file);
        int resample = cfg.path("resample").asInt(PIL_BICUBIC);
        if (resample != PIL_BICUBIC) {
            LOG.warnf("%s asks for resample=%d; clipstream resizes with bicubic (3), as CLIP and SigLIP were trained",
                    file, resample);
        }
        double rescale = cfg.path("do_rescale").asBoolean(true) ? cfg.path("rescale_factor").asDouble(1 / 255.0) : 1;
        boolean normalize = cfg.path("do_normalize").asBoolean(true);
        boolean clip = family == ModelFamily.CLIP;
        float[] mean = normalize ? floats(cfg.path("image_mean"), clip ? OPENAI_MEAN : HALF, file) : new float[3];
        float[] std = normalize ? floats(cfg.path("image_std"), clip ? OPENAI_STD : HALF, file)
                : new float[] {1, 1, 1};
        JsonNode size = cfg.path("size");
        boolean centerCrop = cfg.path("do_center_crop").asBoolean(family == ModelFamily.CLIP);
        if (size.has("shortest_edge") || (size.isInt() && centerCrop)) {
            int edge = size.isInt() ? size.asInt() : size.path("shortest_edge").asInt();
            JsonNode crop = cfg.path("crop_size");
            int cropH = crop.isInt() ? crop.asInt() : crop.path("height").asInt(edge);
            int cropW = crop.isInt() ? crop.asInt() : crop.path("width").asInt(edge);
            return new PreprocessSpec(ResizeMode.SHORTEST_EDGE_CENTER_CROP, edge, cropH, cropW, rescale, mean, std);
        }
        if (size.has("height") && size.has("width") || size.isInt()) {
            int h = size.isInt() ? size.asInt() : size.path("height").asInt();
            int w = size.isInt() ? size.asInt() : size.path("width").asInt();
            JsonNode crop = cfg.path("crop_size");
            boolean otherCrop = crop.path("height").asInt() != h || crop.path("width").asInt() != w;
            if (centerCrop && crop.has("height") && otherCrop) {
                throw new ModelLoadException(file + ": resizing to " + h + "x" + w + " then cropping to "
                        + crop.path("height").asInt() + "x" + crop.path("width").asInt() + " is not supported");
            }
            return new PreprocessSpec(ResizeMode.SQUASH, Math.min(h, w), h, w, rescale, mean, std);
        }
        throw new ModelLoadException(file + ": 'size' must be {\"shortest_edge\": n}, {\"height\": h, \"width\": w}"
                + " or a number; found " + size);
    }

    private static ModelDescriptor openClip(Path dir) {
        JsonNode config = readJson(dir.resolve("config.json"));
        // OpenCLIP configs name no model type; only SigLIP models carry a logit bias.
        ModelFamily family = config.has("init_logit_bias") ? ModelFamily.SIGLIP : ModelFamily.CLIP;
        Path cfgFile = dir.resolve("visual/preprocess_cfg.json");
        JsonNode cfg = readJson(cfgFile);
        JsonNode size = cfg.path("size");
        int h = size.isArray() ? size.path(0).asInt() : size.asInt();
        int w = size.isArray() ? size.path(1).asInt() : size.asInt();
        if (h <= 0 || w <= 0) {
            throw new ModelLoadException(cfgFile + ": 'size' must be a number or [height, width]; found " + size);
        }
        String interpolation = cfg.path("interpolation").asText("bicubic");
        if (!interpolation.equals("bicubic")) {
            LOG.warnf("%s asks for %s interpolation; clipstream resizes with bicubic", cfgFile, interpolation);
        }
        float[] mean = floats(cfg.path("mean"), family == ModelFamily.CLIP ? OPENAI_MEAN : HALF, cfgFile);
        float[] std = floats(cfg.path("std"), family == ModelFamily.CLIP ? OPENAI_STD : HALF, cfgFile);
        String resizeMode = cfg.path("resize_mode").asText("shortest");
        PreprocessSpec preprocess = switch (resizeMode) {
            case "shortest" -> new PreprocessSpec(ResizeMode.SHORTEST_EDGE_CENTER_CROP, Math.min(h, w), h, w,
                    1 / 255.0, mean, std);
            case "squash" -> new PreprocessSpec(ResizeMode.SQUASH, Math.min(h, w), h, w, 1 / 255.0, mean, std);
            default -> throw new ModelLoadException(cfgFile + ": resize_mode '" + resizeMode
                    + "' is not supported (supported: shortest, squash)");
        };
        int context = config.path("text_cfg").path("context_length").asInt(family == ModelFamily.CLIP ? 77 : 64);
        Path tokenizer = dir.resolve("textual/tokenizer.json");
        TextSpec text = new TextSpec(context, padId(dir.resolve("textual"), tokenizer, family), true, cleaning(family));
        JsonNode side = sideFile(dir);
        String id = side.path("modelId").asText(nameFrom("", dir));
        return new ModelDescriptor(id, family, ModelLayout.OPEN_CLIP, dir, dir.resolve("visual/model.onnx"),
                dir.resolve("textual/model.onnx"), tokenizer, preprocess, text, score(side, family));
    }

    /** CLIP's tokenizer.json cannot express the ftfy and HTML cleaning CLIP was trained with; SigLIP's can. */
    private static TextCleaning cleaning(ModelFamily family) {
        return family == ModelFamily.CLIP ? TextCleaning.CLIP : TextCleaning.NONE;
    }

    /** The pad token named by tokenizer_config.json or special_tokens_map.json, looked up in tokenizer.json. */
    private static int padId(Path configDir, Path tokenizer, ModelFamily family) {
        if (!Files.isRegularFile(tokenizer)) {
            return 0;
        }
        TokenizerVocabulary vocabulary = TokenizerVocabulary.read(tokenizer);
        for (String file : List.of("tokenizer_config.json", "special_tokens_map.json")) {
            Path path = configDir.resolve(file);
            if (Files.isRegularFile(path)) {
                JsonNode pad = readJson(path).path("pad_token");
                String token = pad.isObject() ? pad.path("content").asText("") : pad.asText("");
                if (!token.isEmpty()) {
                    OptionalInt id = vocabulary.idOf(token);
                    if (id.isEmpty()) {
                        throw new ModelLoadException(path + " names pad_token '" + token + "', which "
                                + tokenizer + " does not contain");
                    }
                    return id.getAsInt();
                }
            }
        }
        // CLIP's own tokenizer pads with its end-of-text token; SigLIP's with <pad>.
        String fallback = family == ModelFamily.CLIP ? "<|endoftext|>" : "<pad>";
        return vocabulary.idOf(fallback).orElse(0);
    }

    private static ScoreSpec score(JsonNode side, ModelFamily family) {
        ScoreSpec defaults = ScoreSpec.defaults(family);
        return new ScoreSpec(family, side.path("logitScale").asDouble(defaults.logitScale()),
                side.path("logitBias").asDouble(defaults.logitBias()));
    }

    private static JsonNode sideFile(Path dir) {
        Path side = dir.resolve(SIDE_FILE);
        return Files.isRegularFile(side) ? readJson(side) : JSON.createObjectNode();
    }

    private static String nameFrom(String nameOrPath, Path dir) {
        String name = nameOrPath.isBlank() ? dir.getFileName().toString()
                : nameOrPath.substring(nameOrPath.lastIndexOf('/') + 1);
        return name.replaceAll("[^A-Za-z0-9_.-]", "-");
    }

    private static float[] floats(JsonNode node, float[] fallback, Path file) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback.clone();
        }
        if (!node.isArray() || node.size() != 3) {
            throw new ModelLoadException(file + ": expected 3 numbers (one per RGB channel), found " + node);
        }
        return new float[] {(float) node.get(0).asDouble(), (float) node.get(1).asDouble(),
            (float) node.get(2).asDouble()};
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("missing " + file + " (directory holds " + listing(file.getParent()) + ")");
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static String listing(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return "nothing";
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).sorted().toList().toString();
        } catch (IOException e) {
            return "an unreadable listing (" + e.getMessage() + ")";
        }
    }
}
