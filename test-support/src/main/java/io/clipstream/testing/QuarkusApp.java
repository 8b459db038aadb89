package io.clipstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}) run as a child JVM, the way it runs
 * in production: configured by system properties, stopped gracefully or killed abruptly by tests.
 */
public final class QuarkusApp implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("started in [0-9.]+s");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Path runJar;
    private final Map<String, String> properties;
    private final Path logFile;
    private final int httpPort;
    private ManagedProcess process;

    private QuarkusApp(String name, Path runJar, Map<String, String> properties, Path logFile, int httpPort) {
        this.name = name;
        this.runJar = runJar;
        this.properties = properties;
        this.logFile = logFile;
        this.httpPort = httpPort;
    }

    /**
     * Starts the app and waits for Quarkus' "started in" line. {@code properties} become -D options; the HTTP port
     * is chosen here.
     */
    public static QuarkusApp start(String name, Path runJar, Map<String, String> properties, Duration timeout) {
        QuarkusApp app = prepare(name, runJar, properties);
        app.launch(timeout);
        return app;
    }

    private static QuarkusApp prepare(String name, Path runJar, Map<String, String> properties) {
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalStateException(runJar + " is missing: package the application first (./mvnw package)");
        }
        Map<String, String> all = new TreeMap<>(properties);
        int port = FreePorts.pick();
        all.put("quarkus.http.port", Integer.toString(port));
        // Logs stay beside the build output, where a developer looks after a failure and `clean` removes them.
        Path target = Path.of("target");
        Path log = (Files.isDirectory(target) ? target.resolve("app-logs") : TempDirs.create("clipstream-logs-"))
                .resolve(name + "-" + ProcessHandle.current().pid() + ".log");
        return new QuarkusApp(name, runJar.toAbsolutePath(), all, log, port);
    }

    /** How a run to the end went: its exit code, how long it took and its log. */
    public record Exit(int code, Duration took, String log) {
    }

    /**
     * Runs the app with {@code args} until it exits on its own, as a one-off command does (or a start that must
     * fail): {@code properties} become -D options, the HTTP port is chosen here.
     *
     * @throws IllegalStateException when it is still running after {@code timeout} (it is killed then)
     */
    public static Exit runToExit(String name, Path runJar, Map<String, String> properties, List<String> args,
                                 Duration timeout) {
        QuarkusApp app = prepare(name, runJar, properties);
        long started = System.nanoTime();
        ManagedProcess process = ManagedProcess.start(ManagedProcess.javaJarCommand(app.jvmOptions(),
                app.runJar, args), Map.of("TOKENIZERS_FLAVOR", "cpu"), app.runJar.getParent(), app.logFile);
        try {
            int code = process.waitForExit(timeout);
            return new Exit(code, Duration.ofNanos(System.nanoTime() - started), readLog(app.logFile));
        } finally {
            process.kill();
        }
    }

    private static String readLog(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Starts the same app again (same properties, port and log file) after a stop or a kill. */
    public synchronized QuarkusApp restart(Duration timeout) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch(timeout);
        return this;
    }

    private List<String> jvmOptions() {
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "--enable-native-access=ALL-UNNAMED"));
        properties.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
        return jvm;
    }

    private synchronized void launch(Duration timeout) {
        List<String> command = ManagedProcess.javaJarCommand(jvmOptions(), runJar, List.of());
        process = ManagedProcess.start(command, Map.of("TOKENIZERS_FLAVOR", "cpu"), runJar.getParent(), logFile);
        process.waitForLogLine(STARTED, timeout);
    }

    public int httpPort() {
        return httpPort;
    }

    /** GET on the app's HTTP port; returns the status code and body. */
    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Graceful stop: SIGTERM, then SIGKILL after the grace period. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
        }
    }

    /** Abrupt stop, like a crash or an OOM kill: SIGKILL, no shutdown hooks. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    public synchronized String logTail(int lines) {
        return process == null ? "" : process.logTail(lines);
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + " on port " + httpPort;
    }
}
