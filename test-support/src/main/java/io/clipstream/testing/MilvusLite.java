package io.clipstream.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/**
 * A real Milvus-protocol (gRPC) server: the {@code milvus-lite server} command of the PyPI package {@code milvus-lite},
 * run as a child process on a loopback port with its own data directory.
 * <p>
 * {@link #stop()} and {@link #kill()} keep the port and the data directory, so {@link #start()} brings the same
 * server back with its data, as an outage test needs. {@link #close()} removes everything.
 */
public final class MilvusLite extends ChildServer<MilvusLite> implements MilvusServer {

    /** System property naming the {@code milvus-lite} executable. */
    public static final String EXECUTABLE_PROPERTY = "clipstream.milvus-lite";
    /** Environment variable naming the {@code milvus-lite} executable, if the system property is not set. */
    public static final String EXECUTABLE_ENV = "CLIPSTREAM_MILVUS_LITE";
    /** Where {@code .ci/setup-python.sh} installs it, relative to the repository root. */
    public static final String VENV_EXECUTABLE = ".venv/bin/milvus-lite";

    private static final Logger LOG = Logger.getLogger(MilvusLite.class);
    private static final String HOST = "127.0.0.1";
    /** SIGTERM ends the Python process at once; its write-ahead log makes the data survive that. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int CONNECT_TIMEOUT_MS = 1_000;

    private static MilvusLite shared;

    private final Path executable;
    private final int port;
    private final Duration startupTimeout;

    private MilvusLite(Path executable, Path workDir, int port, Duration startupTimeout) {
        super(workDir, STOP_GRACE);
        this.executable = executable;
        this.port = port;
        this.startupTimeout = startupTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * One server per test JVM, started on first use and removed when the JVM exits, so test classes share it.
     * Brought back up if a test left it stopped.
     */
    public static synchronized MilvusLite shared() {
        if (shared == null) {
            MilvusLite server = builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "milvus-lite-cleanup"));
            shared = server;
        } else if (!shared.isRunning()) {
            LOG.warnf("the shared Milvus Lite server was left stopped by an earlier test; starting it again");
            shared.start();
        }
        return shared;
    }

    /**
     * The {@code milvus-lite} executable: system property {@value #EXECUTABLE_PROPERTY}, else environment variable
     * {@value #EXECUTABLE_ENV}, else {@value #VENV_EXECUTABLE} under the repository root.
     *
     * @throws IllegalStateException if none of them names an executable file, with instructions to install it
     */
    public static Path locateExecutable() {
        VenvExecutables.Located located = VenvExecutables.configured(EXECUTABLE_PROPERTY, EXECUTABLE_ENV,
                VENV_EXECUTABLE);
        return VenvExecutables.requireExecutable(located.path(), "milvus-lite", located, EXECUTABLE_PROPERTY,
                EXECUTABLE_ENV, "a milvus-lite executable");
    }

    @Override
    public Kind kind() {
        return Kind.LITE;
    }

    @Override
    public String uri() {
        return "http://" + HOST + ":" + port;
    }

    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    /** The server's data directory, kept across {@link #stop()}/{@link #start()}. */
    public Path dataDir() {
        return workDir.resolve("data");
    }


    @Override
    protected ManagedProcess launch() {
        List<String> command = List.of(executable.toString(), "server",
                "--data-dir", dataDir().toString(), "--host", HOST, "--port", String.valueOf(port));
        // Python buffers stdout written to a file; unbuffered, the readiness line reaches the log when printed.
        return ManagedProcess.start(command, Map.of("PYTHONUNBUFFERED", "1"), workDir,
                workDir.resolve("milvus-lite.log"));
    }

    @Override
    protected void awaitReady(ManagedProcess started) {
        // Printed right after the gRPC server has bound and started.
        started.waitForLogLine(
                Pattern.compile("MilvusLite gRPC server listening on " + Pattern.quote(HOST + ":" + port)),
                startupTimeout);
        started.waitUntil(this::acceptsConnections, startupTimeout,
                "Milvus Lite to accept connections on " + HOST + ":" + port);
    }

    @Override
    protected String describe() {
        return "Milvus Lite on " + uri();
    }

    @Override
    public String toString() {
        return "MilvusLite[" + uri() + ", " + workDir + "]";
    }

    private boolean acceptsConnections() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), CONNECT_TIMEOUT_MS);
            return true;
        }
    }

    /** Settings for a new server. */
    public static final class Builder {
        private Path executable;
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The {@code milvus-lite} executable; default {@link MilvusLite#locateExecutable()}. */
        public Builder executable(Path executable) {
            this.executable = executable;
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** Starts a server with an empty data directory on a free loopback port. */
        public MilvusLite start() {
            Path resolved = executable != null ? executable : locateExecutable();
            MilvusLite server = new MilvusLite(resolved, TempDirs.create("clipstream-milvus-"), FreePorts.pick(),
                    startupTimeout);
            return server.start();
        }
    }
}
