package io.clipstream.cli.publish;

import io.clipstream.cli.CliFailure;
import io.clipstream.cli.ClipstreamCli;
import io.clipstream.cli.kafka.KafkaOptions;
import io.clipstream.cli.progress.Progress;
import io.clipstream.cli.progress.Terminals;
import io.clipstream.kafka.clients.KafkaAccessException;
import io.clipstream.kafka.clients.KafkaClientFactory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "publish", sortOptions = false,
        description = {"Publish image files to Kafka as ImageUploaded events (what the indexer consumes).",
                "Folders are walked recursively; files are chosen by their bytes (JPEG, PNG, GIF, WebP, BMP), "
                        + "others are skipped and counted. Each event carries metadata 'path' (below the folder "
                        + "given), the detected contentType and the file's modification time as eventTime. "
                        + "Published files are recorded after Kafka's ack in a state file, which --resume reads."})
public final class PublishCommand implements Callable<Integer> {

    static final String DEFAULT_STATE_FILE = ".clipstream-publish.state";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR|FILE", description = "Folders (recursively) and files to publish.")
    List<Path> paths;

    @Mixin
    KafkaOptions kafkaOptions;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", defaultValue = PublishOptions.DEFAULT_TOPIC,
            description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--mode", paramLabel = "inline|url", defaultValue = "inline", converter = ModeConverter.class,
            description = "inline: the bytes, base64, in the event; url: a file:// url of the real path (the "
                    + "indexer must run with clipstream.fetch.file-root above it). Default: ${DEFAULT-VALUE}.")
    PayloadMode mode;

    @Option(names = "--id-from", paramLabel = "content|path", defaultValue = "content", converter = IdSourceConverter.class,
            description = "content: SHA-256 of the bytes (hex); path: the path below the folder. "
                    + "Default: ${DEFAULT-VALUE}.")
    IdSource idSource;

    @Option(names = "--id-prefix", paramLabel = "PREFIX", defaultValue = "", description = "Put before every image id.")
    String idPrefix;

    @Option(names = "--id", paramLabel = "ID", description = "The image id, when publishing exactly one file.")
    String fixedId;

    @Option(names = {"-m", "--metadata"}, paramLabel = "KEY=VALUE",
            description = "Metadata on every event (string values); repeatable.")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--resume", description = "Skip files the state file records as published, unchanged.")
    boolean resume;

    @Option(names = "--state", paramLabel = "FILE",
            description = "State file (default: " + DEFAULT_STATE_FILE + " in the first folder given).")
    Path stateFile;

    @Option(names = "--max-file-bytes", paramLabel = "BYTES", defaultValue = "20971520",
            description = "Larger files fail as too large (default: ${DEFAULT-VALUE}, the indexer's decode limit).")
    long maxFileBytes;

    @Option(names = "--connect-timeout-ms", paramLabel = "MS", defaultValue = "10000",
            description = "How long Kafka may take to answer before it counts as unreachable "
                    + "(default: ${DEFAULT-VALUE}).")
    long connectTimeoutMs;

    @Option(names = "--create-topic", description = "Create the topic if it is missing (else the run fails).")
    boolean createTopic;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "1",
            description = "Partitions of a topic --create-topic creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--wait", description = "After publishing, wait until the indexer reported on every image "
            + "(indexed or refused, with the reason) and include that in the summary.")
    boolean waitForIndexer;

    @Option(names = "--status-topic", paramLabel = "TOPIC", defaultValue = "images.indexed",
            description = "Where the indexer reports, for --wait (default: ${DEFAULT-VALUE}).")
    String statusTopic;

    @Option(names = "--wait-timeout-ms", paramLabel = "MS", defaultValue = "1800000",
            description = "How long --wait waits for the last report (default: ${DEFAULT-VALUE}).")
    long waitTimeoutMs;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "List skipped files too, not only failed ones.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (fixedId != null && (paths.size() != 1 || Files.isDirectory(paths.get(0)))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--id needs exactly one file");
        }
        if (connectTimeoutMs <= 0 || maxFileBytes <= 0 || partitions <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--connect-timeout-ms, --max-file-bytes and --partitions must be positive");
        }
        KafkaClientFactory kafka = kafkaOptions.factory(ClipstreamCli.root(spec).env());
        Path state = stateFile != null ? stateFile : defaultStateFile(paths.get(0));
        PublishOptions options = PublishOptions.builder()
                .topic(topic).mode(mode).idSource(idSource).idPrefix(idPrefix).fixedId(fixedId)
                .metadata(metadata).stateFile(state).resume(resume).maxFileBytes(maxFileBytes)
                .connectTimeout(Duration.ofMillis(connectTimeoutMs)).createTopic(createTopic, partitions)
                .build();
        boolean showProgress = !quiet && Terminals.interactive();
        ProgressListener listener = new ProgressListener(showProgress);
        PublishResult result = null;
        // Opened before publishing: every status after this point is about an upload of this run.
        IndexWaiter waiter = waitForIndexer ? openWaiter(kafka) : null;
        try {
            result = new ImagePublisher(kafka, options).publish(paths, listener);
        } catch (NoSuchFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such file or folder: " + e.getFile());
        } catch (PublishException e) {
            throw e.kind() == PublishException.Kind.KAFKA_UNREACHABLE
                    ? CliFailure.unreachable(e.getMessage(), e) : CliFailure.failed(e.getMessage(), e);
        } finally {
            listener.close();
            if (waiter != null && result == null) {
                waiter.close();
            }
        }
        out.print(PublishSummary.render(result, topic, kafka.bootstrapServers(), verbose));
        out.flush();
        boolean indexed = true;
        if (waiter != null) {
            try (waiter) {
                indexed = reportIndexing(waiter, result, showProgress, out);
            }
        }
        return result.failed().isEmpty() && indexed ? 0 : 1;
    }

    private IndexWaiter openWaiter(KafkaClientFactory kafka) {
        try {
            return IndexWaiter.fromEnd(kafka, statusTopic, Duration.ofMillis(connectTimeoutMs));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw CliFailure.unreachable("Kafka at " + kafka.bootstrapServers() + " did not answer within "
                    + connectTimeoutMs + " ms", e);
        } catch (KafkaException e) {
            throw CliFailure.failed(KafkaAccessException.of(e, kafka, "read " + statusTopic).map(
                    Throwable::getMessage).orElseGet(() -> "cannot read " + statusTopic + " on " + kafka.describe()
                    + ": " + e.getMessage()), e);
        } catch (IllegalStateException e) {
            throw CliFailure.failed(e.getMessage(), e);
        }
    }

    /** Waits for the indexer's report on every published image; false if one was refused or never reported. */
    private boolean reportIndexing(IndexWaiter waiter, PublishResult result, boolean showProgress, PrintWriter out) {
        Map<String, Path> files = new LinkedHashMap<>();
        result.published().forEach(p -> files.put(p.imageId(), p.file()));
        Map<String, IndexWaiter.Status> statuses;
        try (Progress bar = Progress.bar(showProgress, "index", files.size(), false, 0)) {
            int[] shown = {0};
            statuses = waiter.await(files.keySet(), Duration.ofMillis(waitTimeoutMs), done -> {
                bar.stepBy(done - shown[0]);
                shown[0] = done;
            });
        }
        List<String> refused = new ArrayList<>();
        statuses.forEach((id, status) -> {
            if (status.refused()) {
                refused.add("  refused " + files.get(id) + ": " + status.reason());
            }
        });
        int missing = files.size() - statuses.size();
        out.printf("indexer: %d indexed, %d refused%s%n", statuses.size() - refused.size(), refused.size(),
                missing > 0 ? ", " + missing + " not reported within " + waitTimeoutMs + " ms" : "");
        refused.forEach(out::println);
        out.flush();
        return refused.isEmpty() && missing == 0;
    }

    static Path defaultStateFile(Path first) {
        Path folder = Files.isDirectory(first) ? first : first.toAbsolutePath().getParent();
        return folder.resolve(DEFAULT_STATE_FILE);
    }

    /** Drives the progress bar: one step per file, whatever became of it. */
    private static final class ProgressListener implements PublishListener {
        private final boolean enabled;
        private Progress bar = Progress.none();

        ProgressListener(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public synchronized void started(int files) {
            bar = Progress.bar(enabled, "publish", files, false, 0);
        }

        @Override
        public synchronized void published(Path file, String imageId) {
            bar.stepBy(1);
        }

        @Override
        public synchronized void skipped(Path file, SkipReason reason, String detail) {
            bar.stepBy(1);
        }

        @Override
        public synchronized void failed(Path file, String reason) {
            bar.stepBy(1);
        }

        synchronized void close() {
            bar.close();
        }
    }

    static final class ModeConverter implements CommandLine.ITypeConverter<PayloadMode> {
        @Override
        public PayloadMode convert(String value) {
            return switch (value) {
                case "inline" -> PayloadMode.INLINE;
                case "url" -> PayloadMode.URL;
                default -> throw new CommandLine.TypeConversionException("expected inline or url, got '" + value
                        + "'");
            };
        }
    }

    static final class IdSourceConverter implements CommandLine.ITypeConverter<IdSource> {
        @Override
        public IdSource convert(String value) {
            return switch (value) {
                case "content" -> IdSource.CONTENT;
                case "path" -> IdSource.PATH;
                default -> throw new CommandLine.TypeConversionException("expected content or path, got '" + value
                        + "'");
            };
        }
    }
}
