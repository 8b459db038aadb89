package io.clipstream.systemtests;

import io.clipstream.testing.ManagedProcess;
import io.clipstream.testing.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The packaged command line ({@code cli/target/clipstream-cli.jar}) run as a user runs it: a JVM of its own. */
final class CliJar {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /** How a run ended: its exit code, how long it took, its output (stdout and stderr). */
    record Run(int exitCode, Duration took, String output) {
    }

    private CliJar() {
    }

    static Run run(Path workDir, String... args) {
        Path jar = RepoPaths.resolve("cli/target/clipstream-cli.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the cli module first");
        }
        Path log = workDir.resolve("cli-" + args[0] + "-" + UUID.randomUUID() + ".log");
        long started = System.nanoTime();
        ManagedProcess process = ManagedProcess.start(ManagedProcess.javaJarCommand(List.of(), jar, List.of(args)),
                Map.of(), workDir, log);
        try {
            int code = process.waitForExit(TIMEOUT);
            return new Run(code, Duration.ofNanos(System.nanoTime() - started), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        } finally {
            process.kill();
        }
    }
}
