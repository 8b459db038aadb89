package io.clipstream.model;

import io.clipstream.model.image.PreprocessSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Everything read from a model directory before any session opens: identity, family, files, and how images
 * and texts are prepared for it.
 *
 * @param modelId stable id used in topic and collection names ({@code images.embeddings.<modelId>})
 */
public record ModelDescriptor(
        String modelId,
        ModelFamily family,
        ModelLayout layout,
        Path directory,
        Path visionModel,
        Path textModel,
        Path tokenizer,
        PreprocessSpec preprocess,
        TextSpec text,
        ScoreSpec score) {

    /** SHA-256 over both towers' ONNX files: identifies the exact backbone a vector came from. */
    public String checksum() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path file : new Path[] {visionModel, textModel}) {
                if (file == null || !Files.exists(file)) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model files of " + modelId, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
