package io.clipstream.local.broker;

import io.clipstream.kafka.broker.SingleNodeKraft;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.jboss.logging.Logger;

/**
 * A real single-node Kafka cluster (KRaft) inside this JVM, its data in one directory: formatted on first use,
 * reopened with everything in it afterwards.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);

    private final Path dataDir;
    private final int port;
    private final KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, int port, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.port = port;
        this.server = server;
    }

    /**
     * Formats {@code dataDir} unless it holds a cluster already, then starts the broker and returns once it has
     * started (clients may still wait a moment for its first metadata).
     */
    public static EmbeddedKafka start(Path dataDir, int port, int controllerPort) {
        Map<String, String> settings = SingleNodeKraft.serverProperties(dataDir, port, controllerPort);
        Properties properties = new Properties();
        properties.putAll(settings);
        KafkaConfig config = new KafkaConfig(properties, false);
        guardExit();
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(dataDir);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        LOG.infof("Kafka (KRaft, in-process) on 127.0.0.1:%d, data in %s", port, dataDir);
        return new EmbeddedKafka(dataDir, port, server);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static void format(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(SingleNodeKraft.NODE_ID)
                    .setControllerListenerName(SingleNodeKraft.CONTROLLER_LISTENER)
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(dataDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory " + dataDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka data directory " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The broker calls Kafka's exit procedure on fatal errors; in this JVM that would also end the services
     * without their shutdown. Log it and halt through the normal shutdown instead.
     */
    private static void guardExit() {
        Exit.setExitProcedure((status, message) -> {
            LOG.errorf("the embedded Kafka broker failed (%d): %s; stopping", status, message);
            new Thread(() -> System.exit(status), "kafka-exit").start();
        });
    }
}
