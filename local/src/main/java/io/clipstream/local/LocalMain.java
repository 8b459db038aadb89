package io.clipstream.local;

import io.clipstream.cli.ExitCodes;
import io.clipstream.cli.model.ChecksumMismatch;
import io.clipstream.cli.model.HubClient;
import io.clipstream.local.broker.EmbeddedKafka;
import io.clipstream.local.logging.BrokerLogLevels;
import io.clipstream.local.model.DefaultModel;
import io.clipstream.model.ModelDirectory;
import io.clipstream.model.ModelLoadException;
import io.quarkus.runtime.Quarkus;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clipstream local}: starts the embedded Kafka broker, then the services in this JVM on top of it, and
 * stops the broker after them. Everything persistent lives under the data directory, so a restart finds the
 * indexed images, the click history and the model versions again.
 */
@Command(name = "clipstream local", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs clipstream in one JVM: Kafka (KRaft), indexer, query API and web UI, click pairs and "
                + "trainer, on an embedded vector store. Data stays in the data directory between runs.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped normally", "1:failed to start or run (or the default model failed its "
                + "checksum)", "2:bad arguments"})
public final class LocalMain implements Callable<Integer> {

    /** The tiny CLIP trained by models/trained-tiny/train.py on the synthetic world samples/ is drawn from. */
    static final String BUNDLED_MODEL = "models/trained-tiny/clip-hf";
    private static final long BROKER_CLOSE_TIMEOUT_S = 60;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--images", paramLabel = "DIR",
            description = "Publish the images below DIR (recursively) through Kafka, as any producer would.")
    Path images;

    @Option(names = "--model", paramLabel = "DIR",
            description = "A CLIP or SigLIP model directory. Default: " + DefaultModel.NAME + " from the models "
                    + "folder, fetched there on the first run when the hub answers; else the bundled tiny CLIP, "
                    + "which knows only the synthetic pictures of ./samples.")
    Path model;

    @Option(names = "--model-id", paramLabel = "ID", description = "Overrides the model id found in the directory.")
    String modelId;

    @Option(names = "--offline", description = "Never contact the model hub: without a fetched "
            + DefaultModel.NAME + " the bundled tiny CLIP runs.")
    boolean offline;

    @Option(names = "--hub-url", paramLabel = "URL", defaultValue = HubClient.URL_DEFAULT,
            description = "Model hub the default model is fetched from (default: $HF_ENDPOINT, else "
                    + HubClient.PUBLIC_URL + ").")
    String hubUrl;

    @Option(names = "--models-dir", paramLabel = "DIR", defaultValue = "models",
            description = "Where fetched models live, as ./clipstream model fetch puts them (default: "
                    + "${DEFAULT-VALUE}).")
    Path modelsDir;

    @Option(names = "--verbose", description = "Print the logs of Kafka, Kafka Streams, SmallRye and the services "
            + "here too (they always go to logs/clipstream.log in the data directory).")
    boolean verbose;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".clipstream",
            description = "Where Kafka, the vectors, the registry and the state live (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the UI and APIs (default: "
            + "${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka client port on 127.0.0.1 "
            + "(default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--controller-port", description = "Kafka controller port on 127.0.0.1 (default: the Kafka "
            + "port + 1).")
    Integer controllerPort;

    @Option(names = "--admin-key", paramLabel = "KEY", defaultValue = "${env:CLIPSTREAM_ADMIN_API_KEY}",
            description = "X-API-Key of the admin and trainer endpoints (default: $CLIPSTREAM_ADMIN_API_KEY, "
                    + "else a fresh random key printed at start).")
    String adminKey;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any other setting of the services, e.g. --set clipstream.trainer.cron=off.")
    Map<String, String> settings = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path data = dataDir.toAbsolutePath().normalize();
        Path imageDir = images == null ? null : images.toAbsolutePath().normalize();
        if (imageDir != null && !Files.isDirectory(imageDir)) {
            throw usage("--images " + images + " is not a directory");
        }
        String id = model == null ? null : modelIdOf(model);
        int controller = controllerPort == null ? kafkaPort + 1 : controllerPort;
        requireFree("--port", httpPort);
        requireFree("--kafka-port", kafkaPort);
        requireFree("--controller-port", controller);
        PrintWriter out = spec.commandLine().getOut();
        Path modelDir = model;
        if (model == null) {
            try {
                modelDir = DefaultModel.fromCatalogue(modelsDir, Path.of(BUNDLED_MODEL), out)
                        .choose(offline, hubUrl, System.getenv("HF_TOKEN"), true);
            } catch (ChecksumMismatch e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("error: " + e.getMessage());
                err.println("Start with the bundled tiny CLIP instead: ./clipstream local --offline");
                err.flush();
                return ExitCodes.FAILED;
            }
            id = modelIdOf(modelDir);
        }
        modelDir = modelDir.toAbsolutePath().normalize();
        String key = adminKey == null || adminKey.isBlank() ? UUID.randomUUID().toString() : adminKey;
        Path logFile = data.resolve(LocalSettings.LOG_FILE);
        LocalSettings local = new LocalSettings(data, modelDir, id, imageDir, httpPort, key, verbose);
        out.println("Starting Kafka and the services (model " + id + "; logs in " + logFile + ")...");
        out.flush();
        AtomicInteger exitCode = new AtomicInteger();
        AtomicReference<Throwable> startFailure = new AtomicReference<>();
        // Ctrl-C or SIGTERM: Quarkus's shutdown hook stops the services, then this thread closes the broker. The
        // JVM ends when its hooks end, so one hook waits for that.
        CountDownLatch brokerClosed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitQuietly(brokerClosed), "await-kafka-close"));
        try {
            BrokerLogLevels.applyUntilConfigured();
            EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"), kafkaPort, controller);
            try {
                // System properties: the services' configuration reads them above their application.properties.
                local.properties(kafka.bootstrapServers(), settings).forEach(System::setProperty);
                Quarkus.run(LocalApplication.class, (code, failure) -> {
                    exitCode.set(code);
                    startFailure.set(failure);
                });
            } finally {
                kafka.close();
                // Quarkus has closed its log by now: plain output.
                System.out.println("Kafka stopped cleanly (data in " + kafka.dataDir() + ")");
            }
        } finally {
            brokerClosed.countDown();
        }
        if (startFailure.get() != null) {
            // A failed start may come before Quarkus configures its log (a bad --set value): say why here.
            spec.commandLine().getErr().println("error: clipstream stopped: " + causes(startFailure.get()));
            spec.commandLine().getErr().flush();
        }
        return exitCode.get();
    }

    /** The model's id (or --model-id); a folder that is no model is a usage error naming where it came from. */
    private String modelIdOf(Path dir) {
        try {
            String found = ModelDirectory.open(dir.toAbsolutePath().normalize()).modelId();
            return modelId != null ? modelId : found;
        } catch (ModelLoadException e) {
            throw usage(model != null ? "--model: " + e.getMessage() : e.getMessage() + "; fetch it again with "
                    + "./clipstream model fetch " + DefaultModel.NAME + " --force, or pass --model or --offline");
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** A taken port would fail deep inside Kafka or Vert.x; say which option to change instead. */
    private void requireFree(String option, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw usage("port " + port + " (" + option + ") is in use: is clipstream already running? "
                    + "Stop it or pass another " + option);
        }
    }

    /** Each distinct message down the cause chain: the framework's wrappers add little to the root's. */
    static String causes(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null && messages.size() < 5; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (messages.stream().noneMatch(known -> known.contains(m))) {
                messages.add(m);
            }
        }
        return String.join(": ", messages);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(BROKER_CLOSE_TIMEOUT_S, TimeUnit.SECONDS)) {
                System.err.println("the embedded Kafka broker did not stop within " + BROKER_CLOSE_TIMEOUT_S
                        + " s; its log recovers on the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
