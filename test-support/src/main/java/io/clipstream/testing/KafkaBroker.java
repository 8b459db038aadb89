package io.clipstream.testing;

import io.clipstream.kafka.broker.SingleNodeKraft;
import io.clipstream.kafka.clients.KafkaClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) in a child JVM.
 * <p>
 * The child runs on this module's runtime classpath, which the build writes to the {@code kafka-broker.classpath}
 * resource, so the broker is exactly the Kafka version the project compiles against. Data, configuration and logs live
 * in one temporary directory; {@link #stop()}, {@link #kill()} and {@link #start()} keep the ports and the data so
 * tests can simulate an outage. {@link #close()} removes everything.
 */
public final class KafkaBroker extends ChildServer<KafkaBroker> {

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);
    private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(10);

    private static KafkaBroker shared;

    private final int port;
    private final int controllerPort;
    private final Duration startupTimeout;
    private final List<String> jvmArgs;
    private final SaslSsl security;

    private KafkaBroker(Path workDir, int port, int controllerPort, Duration startupTimeout, List<String> jvmArgs,
                        SaslSsl security) {
        super(workDir, STOP_GRACE);
        this.port = port;
        this.controllerPort = controllerPort;
        this.startupTimeout = startupTimeout;
        this.jvmArgs = jvmArgs;
        this.security = security;
    }

    /**
     * The client side of a SASL_SSL listener: its TLS material and SCRAM-SHA-512 users (created at format time).
     *
     * @param users user name to password; {@link #CLIENT_USER} is the one clients use
     */
    public record SaslSsl(TestCertificates certificates, Map<String, String> users) {

        public static final String MECHANISM = "SCRAM-SHA-512";
        public static final String CLIENT_USER = "clipstream";
        static final String BROKER_USER = "broker";

        static SaslSsl generate(Path dir) {
            return new SaslSsl(TestCertificates.generate(dir), Map.of(
                    BROKER_USER, Uuid.randomUuid().toString(), CLIENT_USER, Uuid.randomUuid().toString()));
        }

        /** The JAAS line of a SCRAM login. */
        public static String jaas(String user, String password) {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                    + "\" password=\"" + password + "\";";
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * One broker per test JVM with default settings, started on first use and removed when the JVM exits: startup
     * costs seconds, so test classes share it. Brought back up if a test left it stopped.
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            KafkaBroker broker = builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-cleanup"));
            shared = broker;
        } else if (!shared.isRunning()) {
            LOG.warnf("the shared Kafka broker was left stopped by an earlier test; starting it again");
            shared.start();
        }
        return shared;
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The listener's TLS material and SCRAM users, when its only client listener is SASL_SSL. */
    public Optional<SaslSsl> saslSsl() {
        return Optional.ofNullable(security);
    }

    /**
     * What a client needs to connect, as {@code kafka.*} settings without the prefix: the address, and on a
     * SASL_SSL broker the protocol, the mechanism, the login of {@code user} and the truststore.
     */
    public Map<String, Object> clientSettings(String user, String password) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (security != null) {
            settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
            settings.put(SaslConfigs.SASL_MECHANISM, SaslSsl.MECHANISM);
            settings.put(SaslConfigs.SASL_JAAS_CONFIG, SaslSsl.jaas(user, password));
            settings.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, security.certificates().truststore().toString());
            settings.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
            settings.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, security.certificates().password());
        }
        return settings;
    }

    /** {@link #clientSettings(String, String)} of the client user (on a plain broker: the address). */
    public Map<String, Object> clientSettings() {
        return security == null ? clientSettings(null, null)
                : clientSettings(SaslSsl.CLIENT_USER, security.users().get(SaslSsl.CLIENT_USER));
    }

    /** Builds clients that reach this broker (as the client user on a SASL_SSL broker). */
    public KafkaClientFactory clients() {
        return new KafkaClientFactory(clientSettings());
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** Holds server.properties, the data ({@code data/}) and the logs ({@code broker.log}, {@code format.log}). */
    public Path workDir() {
        return workDir;
    }


    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        return clients().admin("test-admin", Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_CALL_TIMEOUT.toMillis()));
    }

    /**
     * Creates a topic (replication factor 1) unless it exists, and returns once every partition has a leader, so
     * producers and consumers can use it straight away.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                        .all().get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // Idempotent by design: an existing topic is fine, any other failure is not.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + " on " + bootstrapServers(), e);
                }
            }
            runningProcess().waitUntil(() -> allPartitionsHaveLeaders(admin, name), ADMIN_CALL_TIMEOUT,
                    "leaders for all partitions of topic " + name);
        } catch (InterruptedException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot create topic " + name + " on " + bootstrapServers(), e);
        }
    }

    @Override
    protected ManagedProcess launch() {
        List<String> command = ManagedProcess.javaCommand(jvmArgs, brokerClasspath(), "kafka.Kafka",
                List.of(serverProperties().toString()));
        return ManagedProcess.start(command, Map.of(), workDir, workDir.resolve("broker.log"));
    }

    @Override
    protected void awaitReady(ManagedProcess started) {
        // The client listener only accepts connections once the broker is nearly up. Waiting for it before
        // creating the admin client (which connects at once) spares its reconnect backoff and its warnings.
        started.waitUntil(() -> acceptsConnections(port), startupTimeout,
                "the Kafka broker to accept connections on " + bootstrapServers());
        awaitAdminRequests();
    }

    @Override
    protected String describe() {
        return "Kafka broker on " + bootstrapServers() + (security == null ? "" : " (SASL_SSL, SCRAM-SHA-512)");
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + workDir + "]";
    }

    private ManagedProcess runningProcess() {
        ManagedProcess current = process;
        if (current == null || !current.isAlive()) {
            throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " is not running");
        }
        return current;
    }

    private void awaitAdminRequests() {
        try (Admin admin = admin()) {
            // Readiness is what clients see: the cluster answers metadata and topic requests.
            process.waitUntil(() -> answersAdminRequests(admin), startupTimeout,
                    "the Kafka broker on " + bootstrapServers() + " to answer admin requests");
        }
    }

    private static boolean acceptsConnections(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        }
    }

    private static boolean answersAdminRequests(Admin admin) throws Exception {
        long wait = ADMIN_CALL_TIMEOUT.toMillis();
        boolean hasNode = !admin.describeCluster().nodes().get(wait, TimeUnit.MILLISECONDS).isEmpty();
        admin.listTopics().names().get(wait, TimeUnit.MILLISECONDS);
        return hasNode;
    }

    private static boolean allPartitionsHaveLeaders(Admin admin, String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        return description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    private Path serverProperties() {
        return workDir.resolve("server.properties");
    }

    private static String brokerClasspath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + CLASSPATH_RESOURCE + " is missing next to "
                        + KafkaBroker.class.getName() + ": build test-support with Maven (the dependency plugin "
                        + "writes it during generate-resources)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CLASSPATH_RESOURCE, e);
        }
    }

    /** Settings for a new broker; {@link #start()} formats the storage and starts it. */
    public static final class Builder {
        private boolean autoCreateTopics = true;
        private final Map<String, String> extraProperties = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(60);
        private String maxHeap = "512m";
        private boolean saslSsl;

        private Builder() {
        }

        /**
         * The only client listener is SASL_SSL with SCRAM-SHA-512: a test CA and the broker's certificate are
         * generated into the broker's folder, and the SCRAM users are created when the storage is formatted (see
         * {@link KafkaBroker#saslSsl()}). The controller listener stays PLAINTEXT on the loopback interface.
         */
        public Builder saslSsl() {
            this.saslSsl = true;
            return this;
        }

        /** {@code auto.create.topics.enable}; default true. */
        public Builder autoCreateTopics(boolean enabled) {
            this.autoCreateTopics = enabled;
            return this;
        }

        /** Any broker property; wins over the defaults this class writes. */
        public Builder brokerProperty(String key, String value) {
            extraProperties.put(key, value);
            return this;
        }

        public Builder brokerProperties(Map<String, String> properties) {
            extraProperties.putAll(properties);
            return this;
        }

        /**
         * Makes the log cleaner look for work every 200 ms instead of every 15 s, so a test can observe compaction
         * (the topic still needs small {@code segment.ms}/{@code segment.bytes} and a low
         * {@code min.cleanable.dirty.ratio}).
         */
        public Builder quickLogCleaner() {
            extraProperties.put("log.cleaner.backoff.ms", "200");
            extraProperties.put("log.cleaner.threads", "1");
            extraProperties.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
            extraProperties.put("log.segment.delete.delay.ms", "0");
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** The broker JVM's {@code -Xmx}; default 512m. */
        public Builder maxHeap(String xmx) {
            this.maxHeap = xmx;
            return this;
        }

        /** Formats a fresh KRaft storage directory and starts the broker; throws with the log tail on failure. */
        public KafkaBroker start() {
            Path workDir = TempDirs.create("clipstream-kafka-");
            List<Integer> ports = FreePorts.pick(2);
            int port = ports.get(0);
            int controllerPort = ports.get(1);
            Path log4jConfig = workDir.resolve("log4j2.properties");
            writeLog4jConfig(log4jConfig);
            SaslSsl security = saslSsl ? SaslSsl.generate(workDir.resolve("tls")) : null;
            writeServerProperties(workDir, port, controllerPort, security);

            List<String> jvmArgs = new ArrayList<>(List.of(
                    "-Xmx" + maxHeap,
                    "-Djava.awt.headless=true",
                    "-Dlog4j2.configurationFile=" + log4jConfig.toUri(),
                    // log4j2's own shutdown hook would stop logging halfway through Kafka's clean shutdown.
                    "-Dlog4j2.shutdownHookEnabled=false",
                    // Compression codecs (zstd, snappy) load native code; JDK 24+ warns without this.
                    "--enable-native-access=ALL-UNNAMED"));
            KafkaBroker broker = new KafkaBroker(workDir, port, controllerPort, startupTimeout, List.copyOf(jvmArgs),
                    security);
            broker.format();
            return broker.start();
        }

        private void writeServerProperties(Path workDir, int port, int controllerPort, SaslSsl security) {
            Map<String, String> p = new LinkedHashMap<>(
                    SingleNodeKraft.serverProperties(workDir.resolve("data"), port, controllerPort));
            p.put("auto.create.topics.enable", String.valueOf(autoCreateTopics));
            if (security != null) {
                p.putAll(saslSslProperties(port, controllerPort, security));
            }
            p.putAll(extraProperties);

            Properties properties = new Properties();
            properties.putAll(p);
            try (var out = Files.newBufferedWriter(workDir.resolve("server.properties"), StandardCharsets.UTF_8)) {
                properties.store(out, "written by " + KafkaBroker.class.getName());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write server.properties in " + workDir, e);
            }
        }

        private static Map<String, String> saslSslProperties(int port, int controllerPort, SaslSsl security) {
            String listener = "SASL_SSL";
            TestCertificates tls = security.certificates();
            Map<String, String> p = new LinkedHashMap<>();
            p.put("listeners", listener + "://127.0.0.1:" + port + "," + SingleNodeKraft.CONTROLLER_LISTENER
                    + "://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", listener + "://127.0.0.1:" + port);
            p.put("inter.broker.listener.name", listener);
            p.put("listener.security.protocol.map", listener + ":SASL_SSL," + SingleNodeKraft.CONTROLLER_LISTENER
                    + ":PLAINTEXT");
            p.put("sasl.enabled.mechanisms", SaslSsl.MECHANISM);
            p.put("sasl.mechanism.inter.broker.protocol", SaslSsl.MECHANISM);
            p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    SaslSsl.jaas(SaslSsl.BROKER_USER, security.users().get(SaslSsl.BROKER_USER)));
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", tls.keystore().toString());
            p.put("ssl.keystore.password", tls.password());
            p.put("ssl.key.password", tls.password());
            p.put("ssl.truststore.type", "PKCS12");
            p.put("ssl.truststore.location", tls.truststore().toString());
            p.put("ssl.truststore.password", tls.password());
            p.put("ssl.client.auth", "none");
            return p;
        }

        /** Kafka 4 logs through log4j2: everything goes to stdout, which ManagedProcess puts in the log file. */
        private static void writeLog4jConfig(Path file) {
            String config = """
                    status = warn
                    appender.stdout.type = Console
                    appender.stdout.name = STDOUT
                    appender.stdout.layout.type = PatternLayout
                    appender.stdout.layout.pattern = [%d] %p %m (%c)%n
                    rootLogger.level = INFO
                    rootLogger.appenderRef.stdout.ref = STDOUT
                    # The full config dump on every start drowns the interesting lines.
                    logger.config.name = org.apache.kafka.common.config.AbstractConfig
                    logger.config.level = WARN
                    """;
            try {
                Files.writeString(file, config, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    /** Writes the KRaft meta.properties and bootstrap checkpoint; a broker cannot start on unformatted storage. */
    private void format() {
        String clusterId = Uuid.randomUuid().toString();
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", serverProperties().toString()));
        if (security != null) {
            // SCRAM users exist from the first start: StorageTool writes them into the bootstrap metadata.
            security.users().forEach((user, password) -> args.addAll(List.of("--add-scram",
                    SaslSsl.MECHANISM + "=[name=" + user + ",password=" + password + "]")));
        }
        List<String> command = ManagedProcess.javaCommand(jvmArgs, brokerClasspath(), "kafka.tools.StorageTool",
                args);
        ManagedProcess formatter = ManagedProcess.start(command, Map.of(), workDir, workDir.resolve("format.log"));
        int exitCode;
        try {
            exitCode = formatter.waitForExit(FORMAT_TIMEOUT);
        } catch (RuntimeException e) {
            formatter.kill();
            throw e;
        }
        if (exitCode != 0) {
            throw new IllegalStateException("kafka StorageTool format exited with " + exitCode + " (directory "
                    + workDir + ")\n" + formatter.logTail(40));
        }
    }
}
