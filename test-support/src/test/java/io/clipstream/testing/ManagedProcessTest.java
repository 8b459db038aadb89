package io.clipstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

    @TempDir
    Path dir;

    private ManagedProcess shell(String script) {
        return ManagedProcess.start(List.of("/bin/sh", "-c", script), Map.of("GREETING", "hello"), dir,
                dir.resolve("logs/child.log"));
    }

    @Test
    void waitForLogLineReturnsTheMatchingLineIncludingStderrAndEnvironment() {
        ManagedProcess process = shell("echo starting; echo \"$GREETING from stderr\" >&2; echo 'ready on 4242';"
                + " exec sleep 30");
        try {
            assertThat(process.waitForLogLine(Pattern.compile("ready on \\d+"), Duration.ofSeconds(10)))
                    .isEqualTo("ready on 4242");
            assertThat(process.logTail(5)).contains("starting", "hello from stderr");
            assertThat(process.isAlive()).isTrue();
            assertThat(process.pid()).isPositive();
        } finally {
            process.stop(Duration.ofSeconds(5));
        }
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void waitingFailsFastWithExitCodeAndLogTailWhenTheProcessDies() {
        ManagedProcess process = shell("echo 'fatal: no config'; exit 3");
        long started = System.nanoTime();

        assertThatThrownBy(() -> process.waitForLogLine(Pattern.compile("never printed"), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("fatal: no config");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void waitUntilTimeoutCarriesTheConditionsLastError() {
        ManagedProcess process = shell("exec sleep 30");
        try {
            assertThatThrownBy(() -> process.waitUntil(() -> {
                throw new IOException("connection refused");
            }, Duration.ofMillis(500), "a port to open"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("a port to open")
                    .hasMessageContaining("connection refused")
                    .hasCauseInstanceOf(IOException.class);
        } finally {
            process.kill();
        }
    }

    @Test
    void stopKillsAProcessThatIgnoresSigterm() {
        ManagedProcess process = shell("trap '' TERM; echo trapped; while true; do sleep 1; done");
        process.waitForLogLine(Pattern.compile("trapped"), Duration.ofSeconds(10));

        process.stop(Duration.ofMillis(500));

        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void secondRunWaitsOnlyForItsOwnLogLines() {
        Path log = dir.resolve("shared.log");
        ManagedProcess first = ManagedProcess.start(List.of("/bin/sh", "-c", "echo ready"), Map.of(), dir, log);
        assertThat(first.waitForExit(Duration.ofSeconds(10))).isZero();

        ManagedProcess second = ManagedProcess.start(List.of("/bin/sh", "-c", "echo booting; exec sleep 30"),
                Map.of(), dir, log);
        try {
            assertThatThrownBy(() -> second.waitForLogLine(Pattern.compile("ready"), Duration.ofMillis(500)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("timed out");
            assertThat(second.logTail(10)).contains("ready", "booting");
        } finally {
            second.kill();
        }
    }

    @Test
    void javaCommandRunsAMainClassOnTheCurrentJdk() throws Exception {
        String classpath = Path.of(EchoMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        ManagedProcess process = ManagedProcess.start(
                ManagedProcess.javaCommand(List.of("-Xmx32m"), classpath, EchoMain.class.getName(), List.of("a", "b")),
                Map.of(), dir, dir.resolve("java.log"));

        assertThat(process.waitForExit(Duration.ofSeconds(30))).isZero();
        assertThat(process.logTail(1)).isEqualTo("java " + Runtime.version().feature() + " args [a, b]");
    }

    @Test
    void processesStillRunningWhenTheJvmExitsAreKilled() throws Exception {
        String classpath = String.join(java.io.File.pathSeparator,
                codeSource(ManagedProcess.class), codeSource(OrphanMain.class), brokerClasspath());
        ManagedProcess parent = ManagedProcess.start(
                ManagedProcess.javaCommand(List.of("-Xmx64m"), classpath, OrphanMain.class.getName(),
                        List.of(dir.toString())),
                Map.of(), dir, dir.resolve("parent.log"));
        assertThat(parent.waitForExit(Duration.ofSeconds(30))).as(parent.logTail(20)).isZero();

        String line = parent.logTail(50).lines().filter(l -> l.startsWith("orphan pid ")).findFirst().orElseThrow();
        long orphanPid = Long.parseLong(line.substring("orphan pid ".length()));
        try {
            Awaitility.await("the orphan to be killed by the shutdown hook").atMost(Duration.ofSeconds(10))
                    .until(() -> !ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false));
        } finally {
            // If the hook failed, do not leave the orphan behind this test either.
            ProcessHandle.of(orphanPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** The module's runtime dependencies (jboss-logging, awaitility...), as the build wrote them for the broker. */
    private static String brokerClasspath() throws IOException {
        try (var in = KafkaBroker.class.getResourceAsStream("kafka-broker.classpath")) {
            assertThat(in).as("kafka-broker.classpath resource").isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
    }
}
