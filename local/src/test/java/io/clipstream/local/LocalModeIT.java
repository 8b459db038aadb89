package io.clipstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.testing.FreePorts;
import io.clipstream.testing.ManagedProcess;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.SyntheticImages;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged one-JVM mode as a user on a fresh clone without network runs it: the model hub does not answer
 * (a loopback port nothing listens on; no test traffic leaves this machine), so the bundled tiny CLIP runs, said
 * in one line; the samples become searchable and held-out prompts find the right pictures, a corrupt file is
 * reported and refused, the console holds no Kafka or SmallRye lines (the log file in the data directory does),
 * and everything (vectors, Kafka logs, thumbnails) is still there after a restart with --offline --verbose.
 */
class LocalModeIT {

    private static final Pattern RUNNING = Pattern.compile("clipstream is running");
    /** Log lines of Kafka's, Kafka Streams' and SmallRye's own categories, as the log format prints them. */
    private static final Pattern INTERNALS = Pattern.compile("\\[(kafka\\.|org\\.apache\\.kafka\\.|state\\.change"
            + "\\.logger|io\\.smallrye\\.)");
    private static final String FALLBACK = "using the bundled tiny clip";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_KEY = "local-mode-it-key";

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aFolderBecomesSearchableAndSurvivesARestart() throws Exception {
        Path images = Files.createDirectories(work.resolve("photos"));
        List<Path> samples;
        try (Stream<Path> files = Files.list(RepoPaths.resolve("samples"))) {
            samples = files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
        }
        for (int i = 0; i < samples.size(); i++) {
            Path dir = Files.createDirectories(images.resolve(i % 2 == 0 ? "2024" : "2025/summer"));
            Files.copy(samples.get(i), dir.resolve(samples.get(i).getFileName()));
        }
        // Starts like a JPEG, so it is published; the indexer cannot decode it and must say so.
        Files.write(images.resolve("broken.jpg"), Arrays.copyOf(SyntheticImages.jpeg(96, 64, 7), 200));
        Files.writeString(images.resolve("notes.txt"), "not an image");
        List<Integer> ports = FreePorts.pick(4);
        List<String> common = List.of("--data-dir", work.resolve("data").toString(),
                "--port", ports.get(0).toString(), "--kafka-port", ports.get(1).toString(),
                "--controller-port", ports.get(2).toString(), "--admin-key", ADMIN_KEY,
                "--models-dir", work.resolve("models").toString(), "--set", "clipstream.trainer.cron=off");
        String base = "http://127.0.0.1:" + ports.get(0);
        Path cliEnv = work.resolve("data/cli.env");
        Path logFile = work.resolve("data/logs/clipstream.log");
        String deadHub = "http://127.0.0.1:" + ports.get(3);

        Set<String> firstIds;
        List<String> firstArgs = new ArrayList<>(withImages(common, images));
        // A misspelt setting is a warning a user acts on: it must reach the quiet console.
        firstArgs.addAll(List.of("--hub-url", deadHub, "--set", "quarkus.misspelt-by-local-mode-it=1"));
        ManagedProcess first = start(firstArgs, "first.log");
        try {
            first.waitForLogLine(RUNNING, START_TIMEOUT);
            String console = Files.readString(first.logFile());
            assertThat(console.lines().filter(l -> l.toLowerCase(Locale.ROOT).contains(FALLBACK))).as("the fallback line, once")
                    .singleElement().asString().contains("cannot reach the model hub at " + deadHub);
            assertThat(console).contains("indexer: " + samples.size() + " indexed, 1 refused")
                    .containsPattern("refused .*broken.jpg")
                    .contains("Logs        " + logFile);
            assertThat(console.lines().filter(l -> INTERNALS.matcher(l).find())).as("a quiet console").isEmpty();
            assertThat(console).containsPattern("WARN .*quarkus.misspelt-by-local-mode-it");
            assertThat(Files.readString(logFile)).as("the internals in the log file")
                    .contains("[org.apache.kafka.", "[io.smallrye.reactive.messaging.kafka]");
            assertThat(work.resolve("models")).as("nothing fetched").doesNotExist();
            firstIds = searchIds(base);
            assertThat(firstIds).hasSize(samples.size());
            // Prompts of (colour, shape) pairs the model never saw in training (samples/make_samples.py).
            JsonNode prompts = JSON.readTree(RepoPaths.resolve("samples/captions.json").toFile()).path("prompts");
            assertThat(prompts.size()).isGreaterThanOrEqualTo(2);
            for (Iterator<Map.Entry<String, JsonNode>> it = prompts.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> prompt = it.next();
                List<String> expected = new ArrayList<>();
                prompt.getValue().forEach(f -> expected.add(f.asText()));
                assertThat(topFiles(base, prompt.getKey(), 3)).as("top 3 for '%s'", prompt.getKey())
                        .containsAll(expected);
            }
            assertThat(get(base + "/").statusCode()).isEqualTo(200);
            assertThat(Files.readString(cliEnv)).contains("export CLIPSTREAM_QUERY_URL='" + base + "'");
        } finally {
            first.stop(Duration.ofMinutes(1));
        }
        assertThat(first.waitForExit(Duration.ofSeconds(10))).as("exit status after SIGTERM").isIn(0, 143);
        assertThat(Files.readString(first.logFile())).contains("Kafka stopped cleanly");
        assertThat(cliEnv).as("removed on a clean stop").doesNotExist();

        List<String> secondArgs = new ArrayList<>(common);
        secondArgs.addAll(List.of("--offline", "--verbose"));
        ManagedProcess second = start(secondArgs, "second.log");
        try {
            second.waitForLogLine(RUNNING, START_TIMEOUT);
            String console = Files.readString(second.logFile());
            assertThat(console.lines().filter(l -> l.toLowerCase(Locale.ROOT).contains(FALLBACK))).singleElement().asString()
                    .startsWith("--offline: ");
            assertThat(console).as("--verbose prints the internals too").contains(
                    "[io.smallrye.reactive.messaging.kafka]");
            assertThat(searchIds(base)).as("vectors kept in the embedded store").isEqualTo(firstIds);
            String anyId = firstIds.iterator().next();
            // Thumbnails come from a compacted Kafka topic: they are back only if the broker kept its logs.
            second.waitUntil(() -> get(base + "/v1/images/" + anyId + "/thumbnail").statusCode() == 200,
                    Duration.ofMinutes(1), "the thumbnail of " + anyId + " after the restart");
            // The trainer runs in the same JVM: a cycle on no clicks finishes with a report that refuses.
            assertThat(post(base + "/v1/trainer/runs", "wrong-key").statusCode()).isEqualTo(403);
            assertThat(post(base + "/v1/trainer/runs", ADMIN_KEY).statusCode()).isEqualTo(202);
            second.waitUntil(() -> get(base + "/v1/trainer/runs/latest").statusCode() == 200, Duration.ofMinutes(2),
                    "the training cycle's report");
            JsonNode report = JSON.readTree(get(base + "/v1/trainer/runs/latest").body());
            assertThat(report.path("published").asBoolean(true)).as(report.toString()).isFalse();
        } finally {
            second.stop(Duration.ofMinutes(1));
        }
    }

    @Test
    void aBadSettingEndsTheRunWithItsErrorNotTheBrokersLog() throws Exception {
        List<Integer> ports = FreePorts.pick(3);
        ManagedProcess run = start(List.of("--data-dir", work.resolve("data").toString(), "--offline",
                "--port", ports.get(0).toString(), "--kafka-port", ports.get(1).toString(),
                "--controller-port", ports.get(2).toString(), "--set", "clipstream.search.max-terms=many"), "bad.log");
        assertThat(run.waitForExit(START_TIMEOUT)).as("exit status").isEqualTo(1);
        String console = Files.readString(run.logFile());
        assertThat(console).contains("error: clipstream stopped").contains("clipstream.search.max-terms")
                .contains("Kafka stopped cleanly");
        // The broker started and stopped: its INFO lines (about 1,800 of them) must not be on the console.
        assertThat(console.lines().filter(l -> l.contains("org.apache.kafka") || l.contains(" kafka.")).toList())
                .as("the broker's own lines on the console").isEmpty();
        assertThat(console.lines().count()).as("console lines:%n%s", console).isLessThan(15);
    }

    private static List<String> withImages(List<String> common, Path images) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of("--images", images.toString()));
        return args;
    }

    private ManagedProcess start(List<String> args, String logName) {
        Path jar = Path.of(System.getProperty("clipstream.local.jar", "target/quarkus-app/quarkus-run.jar"));
        List<String> command = ManagedProcess.javaJarCommand(List.of("-Xmx1g", "--enable-native-access=ALL-UNNAMED",
                "--add-modules", "jdk.incubator.vector"),
                jar, args);
        return ManagedProcess.start(command, Map.of(), RepoPaths.root(), work.resolve(logName));
    }

    private Set<String> searchIds(String base) throws IOException, InterruptedException {
        HttpResponse<String> response = get(base + "/v1/search?q=a%20photo&k=50");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Set<String> ids = new TreeSet<>();
        for (JsonNode hit : JSON.readTree(response.body()).path("hits")) {
            ids.add(hit.path("imageId").asText());
        }
        return ids;
    }

    /** The file names of the first k hits, from the path the publisher put in each image's metadata. */
    private List<String> topFiles(String base, String query, int k) throws IOException, InterruptedException {
        HttpResponse<String> response = get(base + "/v1/search?k=" + k + "&q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> files = new ArrayList<>();
        for (JsonNode hit : JSON.readTree(response.body()).path("hits")) {
            String path = hit.path("metadata").path("path").asText();
            files.add(path.substring(path.lastIndexOf('/') + 1));
        }
        return files;
    }

    private HttpResponse<String> post(String url, String adminKey) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", adminKey).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
