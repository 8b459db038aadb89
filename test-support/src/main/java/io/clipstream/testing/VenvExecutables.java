package io.clipstream.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds what {@code .ci/setup-python.sh} installs into the repository's {@code .venv}, or an override of it. */
final class VenvExecutables {

    /** A configured path and where it came from, for messages. */
    record Located(Path path, String source) {
    }

    private VenvExecutables() {
    }

    /** {@code property} if set, else {@code env}, else {@code venvRelative} under the repository root. */
    static Located configured(String property, String env, String venvRelative) {
        String fromProperty = System.getProperty(property);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return new Located(Path.of(fromProperty).toAbsolutePath(), "system property " + property);
        }
        String fromEnv = System.getenv(env);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Located(Path.of(fromEnv).toAbsolutePath(), "environment variable " + env);
        }
        return new Located(RepoPaths.resolve(venvRelative), "the repository's virtual environment");
    }

    /**
     * Returns {@code executable} if it is an executable file.
     *
     * @param what        what it is, for the message ("milvus-lite")
     * @param located     the configured path {@code executable} was derived from
     * @param overrideHint what the property or variable must name instead, for the message
     * @throws IllegalStateException otherwise, with instructions to install it
     */
    static Path requireExecutable(Path executable, String what, Located located, String property, String env,
                                  String overrideHint) {
        if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
            throw new IllegalStateException(what + " not found: " + executable + " (from " + located.source()
                    + ") is not an executable file. Install it with `bash .ci/setup-python.sh` from the repository "
                    + "root (creates .venv with pip install -r .ci/requirements-milvus.txt), or point -D" + property
                    + "=<path> or " + env + " at " + overrideHint + ".");
        }
        return executable.toAbsolutePath();
    }
}
