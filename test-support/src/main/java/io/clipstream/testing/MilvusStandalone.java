package io.clipstream.testing;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.service.utility.response.CheckHealthResp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * The real Milvus standalone server, version 2.3.5 from the PyPI package {@code milvus} (unpacked into
 * {@code .venv/milvus-standalone} by {@code .ci/setup-python.sh}), run as a child process: embedded etcd, local
 * storage and RocksMQ in a temporary directory, every listener on its own free port, clients and components on
 * 127.0.0.1 (see {@link MilvusStandaloneConfig} for what 2.3.5 lets a config bind).
 * <p>
 * The binary runs directly, not through the package's {@code milvus-server} wrapper: that one unpacks 250 MB into
 * every data directory, and when its child stops it never reaps it, so a stop by pid would hang. Ready means the
 * metrics server's {@code /healthz} says OK and the proxy answers the SDK's CheckHealth as healthy. Its stdout
 * (Milvus and etcd log there) goes to {@code milvus.log} in the work directory, whose tail every start failure
 * carries.
 */
public final class MilvusStandalone extends ChildServer<MilvusStandalone> implements MilvusServer {

    /** System property naming the unpacked folder (holding {@code bin/milvus} and {@code config.yaml.template}). */
    public static final String HOME_PROPERTY = "clipstream.milvus-standalone";
    /** Environment variable naming that folder, if the system property is not set. */
    public static final String HOME_ENV = "CLIPSTREAM_MILVUS_STANDALONE";
    /** Where {@code .ci/setup-python.sh} unpacks it, relative to the repository root. */
    public static final String VENV_HOME = ".venv/milvus-standalone";

    private static final Logger LOG = Logger.getLogger(MilvusStandalone.class);
    private static final String HOST = MilvusStandaloneConfig.LOOPBACK;
    /**
     * An idle server stops in well under a second. One that has written recently often never does: 2.3.5 stops its
     * coordinators before its nodes, and a data node closing its flow graph then retries calls to the stopped data
     * coordinator. Waiting longer does not help; it is killed after this long, which it survives (RocksMQ and etcd
     * are write-ahead logged).
     */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private static MilvusStandalone shared;

    private final Path home;
    private final MilvusStandaloneConfig.Ports ports;
    private final Duration startupTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    private MilvusStandalone(Path home, Path workDir, MilvusStandaloneConfig.Ports ports, Duration startupTimeout) {
        super(workDir, STOP_GRACE);
        this.home = home;
        this.ports = ports;
        this.startupTimeout = startupTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * One server per test JVM, started on first use and removed when the JVM exits, so test classes share it.
     * Brought back up if a test left it stopped.
     */
    public static synchronized MilvusStandalone shared() {
        if (shared == null) {
            MilvusStandalone server = builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "milvus-standalone-cleanup"));
            shared = server;
        } else if (!shared.isRunning()) {
            LOG.warnf("the shared Milvus standalone server was left stopped by an earlier test; starting it again");
            shared.start();
        }
        return shared;
    }

    /**
     * The unpacked folder: system property {@value #HOME_PROPERTY}, else environment variable {@value #HOME_ENV},
     * else {@value #VENV_HOME} under the repository root.
     *
     * @throws IllegalStateException if it holds no executable {@code bin/milvus}, with instructions to install it
     */
    public static Path locateHome() {
        VenvExecutables.Located home = VenvExecutables.configured(HOME_PROPERTY, HOME_ENV, VENV_HOME);
        VenvExecutables.requireExecutable(home.path().resolve("bin").resolve("milvus"),
                "the Milvus standalone server", home, HOME_PROPERTY, HOME_ENV,
                "the folder setup-python.sh unpacks the PyPI package milvus into (bin/milvus, config.yaml.template)");
        return home.path();
    }

    @Override
    public Kind kind() {
        return Kind.STANDALONE;
    }

    @Override
    public String uri() {
        return "http://" + HOST + ":" + ports.proxy();
    }

    @Override
    public int port() {
        return ports.proxy();
    }

    /** Every port this server listens on (proxy, internal gRPC servers, etcd, metrics). */
    public List<Integer> allPorts() {
        return ports.all();
    }

    MilvusStandaloneConfig.Ports ports() {
        return ports;
    }

    /** The metrics and health server's port ({@code /healthz}). */
    public int metricsPort() {
        return ports.metrics();
    }

    /** The server's data directory (etcd, RocksMQ, segments), kept across {@link #stop()}/{@link #start()}. */
    public Path dataDir() {
        return MilvusStandaloneConfig.dataDir(workDir);
    }

    /** The folder holding the milvus.yaml and embedEtcd.yaml it runs with. */
    public Path configDir() {
        return MilvusStandaloneConfig.configDir(workDir);
    }

    /** The process id of the running server; empty while it is stopped. */
    public synchronized OptionalLong pid() {
        return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    @Override
    protected ManagedProcess launch() {
        Path bin = home.resolve("bin");
        String libraryPath = System.getenv("LD_LIBRARY_PATH");
        return ManagedProcess.start(List.of(bin.resolve("milvus").toString(), "run", "standalone"), Map.of(
                        "DEPLOY_MODE", "STANDALONE",
                        "MILVUSCONF", configDir() + "/",
                        "METRICS_PORT", String.valueOf(ports.metrics()),
                        // Its pid file lives here: two servers sharing the default /run/milvus would refuse to start.
                        "MILVUS_RUN_DIR", workDir.resolve("run").toString(),
                        // The bundled libraries (knowhere, rocksdb, its own libstdc++) beside the binary.
                        "LD_LIBRARY_PATH", libraryPath == null || libraryPath.isBlank() ? bin.toString()
                                : bin + ":" + libraryPath),
                workDir, workDir.resolve("milvus.log"));
    }

    @Override
    protected void awaitReady(ManagedProcess started) {
        started.waitUntil(this::healthz, startupTimeout,
                "Milvus standalone's /healthz on " + HOST + ":" + ports.metrics() + " to say OK");
        started.waitUntil(this::proxyHealthy, startupTimeout, "Milvus standalone's proxy on " + uri()
                + " to answer CheckHealth as healthy");
    }

    @Override
    protected String describe() {
        return "Milvus standalone on " + uri();
    }

    @Override
    public String toString() {
        return "MilvusStandalone[" + uri() + ", " + workDir + "]";
    }

    @Override
    public synchronized void close() {
        try {
            super.close();
        } finally {
            http.close();
        }
    }

    private boolean healthz() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://" + HOST + ":" + ports.metrics() + "/healthz"))
                .timeout(PROBE_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().contains("OK");
    }

    private boolean proxyHealthy() throws IOException {
        // Without a listener the SDK would retry for a long while; a refused connect is an immediate "not yet".
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, ports.proxy()), (int) PROBE_TIMEOUT.toMillis());
        }
        MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(uri())
                .connectTimeoutMs(PROBE_TIMEOUT.toMillis()).rpcDeadlineMs(PROBE_TIMEOUT.toMillis()).build());
        try {
            client.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
            CheckHealthResp health = client.checkHealth();
            if (!Boolean.TRUE.equals(health.getIsHealthy())) {
                throw new IllegalStateException("not healthy: " + health.getReasons());
            }
            return true;
        } finally {
            client.close();
        }
    }

    /** The SDK is a provided dependency of test-support: say so rather than fail in the middle of a start. */
    private static void requireSdk() {
        try {
            Class.forName("io.milvus.v2.client.MilvusClientV2", false, MilvusStandalone.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("MilvusStandalone checks readiness through the Milvus Java SDK: add "
                    + "io.milvus:milvus-sdk-java (or vector-store-milvus) to this module's test dependencies", e);
        }
    }

    /** Settings for a new server. */
    public static final class Builder {
        private Path home;
        private Duration startupTimeout = Duration.ofSeconds(120);

        private Builder() {
        }

        /** The unpacked folder; default {@link MilvusStandalone#locateHome()}. */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** Starts a server with an empty data directory on free loopback ports. */
        public MilvusStandalone start() {
            requireSdk();
            Path resolved = home != null ? home : locateHome();
            Path workDir = TempDirs.create("clipstream-milvus-standalone-");
            MilvusStandaloneConfig.Ports ports = MilvusStandaloneConfig.Ports.pick();
            MilvusStandaloneConfig.write(resolved, workDir, ports);
            MilvusStandalone server = new MilvusStandalone(resolved, workDir, ports, startupTimeout);
            try {
                return server.start();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
    }
}
