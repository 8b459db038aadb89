package io.clipstream.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.testing.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The reference values written by models/tiny/generate.py (Pillow + NumPy + onnxruntime-python). */
public final class Golden {

    private static JsonNode root;

    private Golden() {
    }

    public static Path dir() {
        return RepoPaths.tinyModels().resolve("golden");
    }

    public static Path model(String name) {
        return RepoPaths.tinyModels().resolve(name);
    }

    public static synchronized JsonNode json() {
        if (root == null) {
            try {
                root = new ObjectMapper().readTree(Files.readString(dir().resolve("golden.json")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(dir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float[] vector(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }
}
