package io.clipstream.local.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.cli.model.CatalogueEntry;
import io.clipstream.cli.model.ChecksumMismatch;
import io.clipstream.cli.model.ModelCatalogue;
import io.clipstream.model.ModelDirectory;
import io.clipstream.testing.FakeHub;
import io.clipstream.testing.FreePorts;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.StubServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default model of the local mode against a fake hub on loopback serving the random tiny CLIP under the
 * catalogue's names: fetched once with model fetch's machinery, then taken from the models folder without any
 * request; the trained tiny model with one line when the hub cannot deliver or the run is offline; a stop when
 * the hub's bytes are wrong.
 */
class DefaultModelTest {

    private static final CatalogueEntry CLIP = ModelCatalogue.bundled().find(DefaultModel.NAME).orElseThrow();
    /** Off the catalogue's pinned commit its SHA-256 pins (of the real model) do not apply. */
    private static final String REVISION = "main";

    @TempDir
    Path work;

    private final StringWriter out = new StringWriter();

    private static Path servedModel() {
        return RepoPaths.tinyModels().resolve("clip-hf");
    }

    private Path tiny() {
        return work.resolve("trained-tiny");
    }

    private DefaultModel model(String revision) {
        return new DefaultModel(CLIP, revision, work.resolve("models"), tiny(), new PrintWriter(out, true));
    }

    @Test
    void theFirstRunFetchesTheModelAndLaterRunsTakeItWithoutTheHub() throws IOException {
        Path chosen;
        try (FakeHub hub = new FakeHub(CLIP.repo(), REVISION, servedModel())) {
            chosen = model(REVISION).choose(false, hub.url(), null, false);
            assertThat(hub.requests()).anyMatch(r -> r.path().endsWith("/onnx/vision_model.onnx"));
        }
        assertThat(chosen).isEqualTo(work.resolve("models/" + DefaultModel.NAME));
        assertThat(out.toString()).contains("fetching 7 files").contains("onnx/vision_model.onnx: 508469 bytes, "
                + "sha256 ok").doesNotContain("tiny CLIP");
        Map<String, String> expected = contents(servedModel());
        expected.keySet().removeIf(p -> p.contains("_fp16") || p.equals("clipstream.json"));
        assertThat(contents(chosen)).isEqualTo(expected);
        assertThat(ModelDirectory.open(chosen).visionModel()).isEqualTo(chosen.resolve("onnx/vision_model.onnx"));

        try (FakeHub hub = new FakeHub(CLIP.repo(), REVISION, servedModel())) {
            assertThat(model(REVISION).choose(false, hub.url(), null, false)).isEqualTo(chosen);
            assertThat(hub.requests()).as("a fetched model needs no network").isEmpty();
        }
        // Not even a hub address that leads nowhere is tried.
        assertThat(model(REVISION).choose(false, deadHub(), null, false)).isEqualTo(chosen);
    }

    @Test
    void aBrokenOffDownloadFallsBackAndTheNextRunResumesIt() throws IOException {
        try (FakeHub hub = new FakeHub(CLIP.repo(), REVISION, servedModel())) {
            hub.breakOff("onnx/vision_model.onnx");
            assertThat(model(REVISION).choose(false, hub.url(), null, false)).isEqualTo(tiny());
            assertThat(fallbackLines()).singleElement().asString().contains("broke off", "resumes",
                    "./clipstream model fetch " + DefaultModel.NAME);
            Path part = work.resolve("models/." + DefaultModel.NAME + ".download/onnx/vision_model.onnx.part");
            long kept = Files.size(part);
            assertThat(kept).as("the half that came").isPositive();

            Path chosen = model(REVISION).choose(false, hub.url(), null, false);

            assertThat(chosen).isEqualTo(work.resolve("models/" + DefaultModel.NAME));
            assertThat(Files.readAllBytes(chosen.resolve("onnx/vision_model.onnx")))
                    .isEqualTo(Files.readAllBytes(servedModel().resolve("onnx/vision_model.onnx")));
            assertThat(hub.requests()).filteredOn(r -> r.path().endsWith("/onnx/vision_model.onnx")).last()
                    .satisfies(r -> assertThat(r.header("Range")).isEqualTo("bytes=" + kept + "-"));
        }
    }

    @Test
    void bytesThatFailTheirChecksumStopTheRunAndInstallNothing() {
        // At the catalogue's pinned commit the pin of the real vision model contradicts what this hub lists.
        try (FakeHub hub = new FakeHub(CLIP.repo(), CLIP.revision(), servedModel())) {
            assertThatThrownBy(() -> model(null).choose(false, hub.url(), null, false))
                    .isInstanceOf(ChecksumMismatch.class)
                    .hasMessageContaining("checksum mismatch for onnx/vision_model.onnx: the catalogue pins sha256 "
                            + CLIP.sha256().get("onnx/vision_model.onnx"));
            assertThat(hub.requests()).noneMatch(r -> r.path().contains("/resolve/"));
        }
        // Bytes that differ from the hub's own listing.
        try (FakeHub hub = new FakeHub(CLIP.repo(), REVISION, servedModel())) {
            hub.corrupt("onnx/text_model.onnx");
            assertThatThrownBy(() -> model(REVISION).choose(false, hub.url(), null, false))
                    .isInstanceOf(ChecksumMismatch.class)
                    .hasMessageContaining("checksum mismatch for onnx/text_model.onnx")
                    .hasMessageContaining("nothing was installed");
        }
        assertThat(work.resolve("models/" + DefaultModel.NAME)).doesNotExist();
        assertThat(work.resolve("models/." + DefaultModel.NAME + ".download")).doesNotExist();
        assertThat(out.toString()).doesNotContain("tiny CLIP");
    }

    @Test
    void aHubThatDoesNotAnswerFallsBackPromptlyWithOneLine() throws IOException {
        String dead = deadHub();
        assertThat(model(null).choose(false, dead, null, false)).isEqualTo(tiny());
        assertThat(fallbackLines()).singleElement().asString()
                .contains("Using the bundled tiny CLIP", "cannot reach the model hub at " + dead,
                        "./clipstream model fetch " + DefaultModel.NAME);

        // A listener that never answers: the probe gives up after the hub timeout.
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            Instant start = Instant.now();
            assertThat(model(null).choose(false, "http://127.0.0.1:" + silent.getLocalPort(), null, false))
                    .isEqualTo(tiny());
            // A fresh clone without network starts promptly: a few seconds at most.
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(8));
        }
        assertThat(fallbackLines()).hasSize(2).last().asString().contains("no answer within");

        // A proxy that refuses answers with its own error page.
        try (StubServer proxy = new StubServer()) {
            proxy.on("GET", "/api/models/" + CLIP.repo() + "/tree/" + CLIP.revision(),
                    (exchange, request) -> StubServer.json(exchange, 403, "{\"title\":\"blocked by proxy\"}"));
            assertThat(model(null).choose(false, proxy.url(), null, false)).isEqualTo(tiny());
        }
        assertThat(fallbackLines()).hasSize(3).last().asString().contains("403", "blocked by proxy");
        assertThat(work.resolve("models/" + DefaultModel.NAME)).doesNotExist();
    }

    @Test
    void offlineNeverContactsTheHub() throws IOException {
        try (FakeHub hub = new FakeHub(CLIP.repo(), REVISION, servedModel())) {
            assertThat(model(REVISION).choose(true, hub.url(), null, false)).isEqualTo(tiny());
            assertThat(fallbackLines()).singleElement().asString().startsWith("--offline: using the bundled tiny CLIP")
                    .contains("run once without --offline");
            assertThat(hub.requests()).isEmpty();

            // A model fetched earlier runs offline too.
            Path fetched = model(REVISION).choose(false, hub.url(), null, false);
            int requests = hub.requests().size();
            assertThat(model(REVISION).choose(true, hub.url(), null, false)).isEqualTo(fetched);
            assertThat(hub.requests()).hasSize(requests);
        }
    }

    private List<String> fallbackLines() {
        return out.toString().lines().filter(l -> l.contains("tiny CLIP")).toList();
    }

    /** A loopback address nothing listens on. */
    private static String deadHub() {
        return "http://127.0.0.1:" + FreePorts.pick();
    }

    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), FakeHub.hex("SHA-256", Files.readAllBytes(p)));
            }
        }
        return files;
    }
}
