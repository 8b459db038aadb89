package io.clipstream.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the repository checkout, so tests find shared files (tiny models, the Python venv) wherever Maven or an
 * IDE runs them from.
 */
public final class RepoPaths {

    /** Set by surefire and failsafe (root pom) to the multi-module root. */
    public static final String ROOT_PROPERTY = "clipstream.repo.root";

    private RepoPaths() {
    }

    /**
     * The repository root: the {@value #ROOT_PROPERTY} system property if set, else the nearest directory at or above
     * the working directory that holds {@code mvnw}, {@code pom.xml} and {@code .mvn/}.
     */
    public static Path root() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path root = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                throw new IllegalStateException(ROOT_PROPERTY + "=" + configured + " is not a directory");
            }
            return root;
        }
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isRepoRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a directory with mvnw, pom.xml and .mvn/) at or above "
                + start + "; set -D" + ROOT_PROPERTY + "=<path>");
    }

    /** {@code relative} resolved against the repository root. */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    /** {@code models/tiny}: the small models committed for tests. */
    public static Path tinyModels() {
        return resolve("models/tiny");
    }

    /** {@code models/trained-tiny/clip-hf}: the tiny CLIP trained on the synthetic shape world (HF layout). */
    public static Path trainedTinyModel() {
        return resolve("models/trained-tiny/clip-hf");
    }

    private static boolean isRepoRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("mvnw"))
                && Files.isRegularFile(dir.resolve("pom.xml"))
                && Files.isDirectory(dir.resolve(".mvn"));
    }
}
