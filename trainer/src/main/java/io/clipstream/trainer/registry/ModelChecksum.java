package io.clipstream.trainer.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * SHA-256 over a model directory (relative paths and contents of every regular file, in path order): the manifest
 * records it so that adapters are never applied on top of a different backbone than the one they were trained on.
 */
public final class ModelChecksum {

    private ModelChecksum() {
    }

    public static String of(Path directory) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            byte[] buffer = new byte[1 << 16];
            for (Path file : files) {
                digest.update(directory.relativize(file).toString().replace('\\', '/')
                        .getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot checksum model directory " + directory, e);
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}
