package io.clipstream.bench;

import io.clipstream.testing.FreePorts;
import io.clipstream.testing.ManagedProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The packaged indexer ({@code indexer/target/quarkus-app/quarkus-run.jar}) as a child JVM, like
 * {@code QuarkusApp} but with JVM options of the benchmark's choosing (heap, a flight recording) and the
 * process id, which the profile needs.
 */
final class IndexerChild implements AutoCloseable {

    static final Path RUN_JAR = Path.of("indexer", "target", "quarkus-app", "quarkus-run.jar");
    private static final Pattern STARTED = Pattern.compile("started in [0-9.]+s");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ManagedProcess process;
    private final int port;

    private IndexerChild(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the indexer with {@code properties} as -D options and waits for Quarkus' "started in" line. */
    static IndexerChild start(Map<String, String> properties, List<String> jvmOptions, Path logFile) {
        if (!RUN_JAR.toFile().isFile()) {
            throw new IllegalStateException(RUN_JAR + " is missing: package the indexer first");
        }
        int port = FreePorts.pick();
        Map<String, String> all = new TreeMap<>(properties);
        all.put("quarkus.http.port", Integer.toString(port));
        List<String> jvm = new ArrayList<>(jvmOptions);
        jvm.add("--enable-native-access=ALL-UNNAMED");
        all.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
        Path jar = RUN_JAR.toAbsolutePath();
        ManagedProcess process = ManagedProcess.start(ManagedProcess.javaJarCommand(jvm, jar, List.of()),
                Map.of("TOKENIZERS_FLAVOR", "cpu"), jar.getParent(), logFile.toAbsolutePath());
        try {
            process.waitForLogLine(STARTED, Duration.ofMinutes(3));
        } catch (RuntimeException e) {
            process.kill();
            throw e;
        }
        return new IndexerChild(process, port);
    }

    long pid() {
        return process.pid();
    }

    /** Fails with the log tail if the indexer has died: a benchmark waiting on a dead process would hang. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the indexer died:\n" + process.logTail(40));
        }
    }

    String logTail(int lines) {
        return process.logTail(lines);
    }

    /** The indexer's own {@code clipstream_*} Prometheus lines. */
    String metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        StringBuilder s = new StringBuilder();
        r.body().lines().filter(l -> l.startsWith("clipstream_")).forEach(l -> s.append(l).append('\n'));
        return s.toString();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}
