package io.clipstream.local;

import io.clipstream.trainer.service.TrainerService;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs once the services are up in this JVM: starts the trainer's long-running part, tells the user where
 * everything is, publishes the requested folder, then waits for Ctrl-C.
 */
public class LocalApplication implements QuarkusApplication {

    @Inject
    LocalConfig config;

    @Inject
    TrainerService trainer;

    @Inject
    LocalImages images;

    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "clipstream.admin.api-key")
    String adminKey;

    @ConfigProperty(name = "clipstream.model.id")
    String modelId;

    @ConfigProperty(name = "quarkus.log.file.path")
    Path logFile;

    @Override
    public int run(String... args) throws Exception {
        trainer.start();
        PrintStream out = System.out;
        String base = "http://127.0.0.1:" + httpPort;
        if (config.images().isPresent()) {
            images.publishAndWait(config.images().get(), config.storeDir().resolveSibling("publish.state"),
                    config.indexWaitMs(), out);
        }
        out.println();
        out.println("clipstream is running (model " + modelId + ", data in " + config.storeDir().getParent() + ")");
        out.println("  Search UI   " + base + "/");
        out.println("  Search API  " + base + "/v1/search?q=...      OpenAPI " + base + "/q/swagger-ui");
        out.println("  Trainer     " + base + "/v1/trainer/runs  (POST starts a cycle)");
        out.println("  Admin key   " + adminKey + "  (X-API-Key for /v1/admin and /v1/trainer changes)");
        out.println("  Kafka       " + bootstrapServers + "  (publish more: ./clipstream publish DIR)");
        out.println("  CLI         ./clipstream search|trainer|model ... reach this process while it runs");
        out.println("  Logs        " + logFile + "  (Kafka, Streams, SmallRye, services; --verbose prints them "
                + "here)");
        out.println("Press Ctrl-C to stop; everything stays in the data directory for the next run.");
        Path dataDir = config.storeDir().getParent();
        try (CliDefaults cli = CliDefaults.write(dataDir.resolve("cli.env"), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                "CLIPSTREAM_QUERY_URL", base,
                "CLIPSTREAM_TRAINER_URL", base,
                "CLIPSTREAM_ADMIN_API_KEY", adminKey))) {
            Quarkus.waitForExit();
            out.println("Stopping clipstream...");
        }
        return 0;
    }
}
