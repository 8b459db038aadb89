package io.clipstream.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.cli.CliRun;
import io.clipstream.model.ModelDescriptor;
import io.clipstream.model.ModelDirectory;
import io.clipstream.testing.FakeHub;
import io.clipstream.testing.FreePorts;
import io.clipstream.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ModelFetchCommandTest {

    static final String REPO = "clipstream/tiny-clip-hf";
    static final String REVISION = "main";

    @TempDir
    Path work;

    Path source() {
        return RepoPaths.tinyModels().resolve("clip-hf");
    }

    @Test
    void fetchesTheRepositoryByteForByteAndTheRuntimeReadsIt() throws IOException {
        try (FakeHub hub = new FakeHub(REPO, REVISION, source())) {
            Path target = work.resolve("models/tiny");
            CliRun run = CliRun.run("model", "fetch", REPO, "--hub-url", hub.url(), "--dir", target.toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(contents(target)).isEqualTo(contents(source()));
            assertThat(run.out()).contains("onnx/vision_model.onnx: 508469 bytes, sha256 ok (hub LFS oid)")
                    .contains("config.json: 2224 bytes, git-blob-sha1 ok (hub git oid)")
                    .contains("layout ok");
            ModelDescriptor descriptor = ModelDirectory.open(target);
            assertThat(descriptor.modelId()).isEqualTo("tiny-clip");
            assertThat(Files.exists(work.resolve("models/.tiny.download"))).isFalse();
        }
    }

    @Test
    void aCorruptedDownloadFailsWithTheChecksumAndLeavesNoModel() {
        try (FakeHub hub = new FakeHub(REPO, REVISION, source())) {
            hub.corrupt("onnx/vision_model.onnx");
            Path target = work.resolve("models/tiny");
            CliRun run = CliRun.run("model", "fetch", REPO, "--hub-url", hub.url(), "--dir", target.toString());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("checksum mismatch for onnx/vision_model.onnx")
                    .contains("hub LFS oid").contains("nothing was installed");
            assertThat(target).doesNotExist();
            assertThat(work.resolve("models/.tiny.download")).doesNotExist();
        }
    }

    @Test
    void anInterruptedDownloadResumesWithARange() throws IOException {
        try (FakeHub hub = new FakeHub(REPO, REVISION, source())) {
            Path target = work.resolve("models/tiny");
            // What a broken-off run leaves: half of the vision model as a part file in the staging folder.
            byte[] vision = Files.readAllBytes(source().resolve("onnx/vision_model.onnx"));
            Path part = work.resolve("models/.tiny.download/onnx/vision_model.onnx.part");
            Files.createDirectories(part.getParent());
            Files.write(part, java.util.Arrays.copyOf(vision, vision.length / 2));

            CliRun run = CliRun.run("model", "fetch", REPO, "--hub-url", hub.url(), "--dir", target.toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(Files.readAllBytes(target.resolve("onnx/vision_model.onnx"))).isEqualTo(vision);
            assertThat(hub.requests()).filteredOn(r -> r.path().endsWith("/onnx/vision_model.onnx"))
                    .singleElement().satisfies(r -> assertThat(r.header("Range"))
                            .isEqualTo("bytes=" + vision.length / 2 + "-"));
        }
    }

    @Test
    @Timeout(60) // without the stall watch the first run would wait forever
    void aStalledDownloadIsBrokenOffAndTheNextRunResumesIt() throws IOException {
        try (FakeHub hub = new FakeHub(REPO, REVISION, source())) {
            Path target = work.resolve("models/tiny");
            byte[] vision = Files.readAllBytes(source().resolve("onnx/vision_model.onnx"));
            hub.stall("onnx/vision_model.onnx");

            CliRun stalled = CliRun.run("model", "fetch", REPO, "--hub-url", hub.url(), "--dir", target.toString(),
                    "--stall-timeout-ms", "500");

            assertThat(stalled.exitCode()).as(stalled.toString()).isEqualTo(1);
            assertThat(stalled.err()).contains("the download of onnx/vision_model.onnx broke off (no bytes for 500 ms)")
                    .contains("run the same command again to resume it");
            assertThat(target).doesNotExist();
            Path part = work.resolve("models/.tiny.download/onnx/vision_model.onnx.part");
            assertThat(Files.size(part)).as("the half that came").isEqualTo(vision.length / 2);

            CliRun resumed = CliRun.run("model", "fetch", REPO, "--hub-url", hub.url(), "--dir", target.toString());

            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            assertThat(Files.readAllBytes(target.resolve("onnx/vision_model.onnx"))).isEqualTo(vision);
            assertThat(hub.requests()).filteredOn(r -> r.path().endsWith("/onnx/vision_model.onnx")).last()
                    .satisfies(r -> assertThat(r.header("Range")).isEqualTo("bytes=" + vision.length / 2 + "-"));
        }
    }

    @Test
    void anExistingFolderIsKeptWithoutForceAndReplacedWithIt() throws IOException {
        try (FakeHub hub = new FakeHub(REPO, REVISION, source())) {
            Path target = Files.createDirectories(work.resolve("models/tiny"));
            Files.writeString(target.resolve("old.txt"), "old");

            CliRun refused = CliRun.run("model", "fetch", REPO, "--hub-url", hub.url(), "--dir", target.toString());
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains("already exists; pass --force");
            assertThat(hub.requests()).isEmpty();

            CliRun forced = CliRun.run("model", "fetch", REPO, "--hub-url", hub.url(), "--dir", target.toString(),
                    "--force");
            assertThat(forced.exitCode()).as(forced.toString()).isZero();
            assertThat(contents(target)).isEqualTo(contents(source()));
        }
    }

    @Test
    void aMissingRepositoryFailsAndAnUnreachableHubExitsThree() {
        try (FakeHub hub = new FakeHub(REPO, REVISION, source())) {
            CliRun missing = CliRun.run("model", "fetch", "someone/else", "--hub-url", hub.url(), "--dir",
                    work.resolve("m").toString());
            assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
            assertThat(missing.err()).contains("has no someone/else at revision main");
        }
        String url = "http://127.0.0.1:" + FreePorts.pick();
        CliRun unreachable = CliRun.run("model", "fetch", REPO, "--hub-url", url, "--dir", work.resolve("m").toString());
        assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(3);
        assertThat(unreachable.err()).contains("cannot reach the model hub at " + url);
        assertThat(work.resolve("m")).doesNotExist();
    }

    @Test
    void catalogueModelsFetchTheirListedFilesAndHonourTheirPins() throws IOException {
        CatalogueEntry clip = ModelCatalogue.bundled().find("clip-vit-base-patch32").orElseThrow();
        // The tiny model served as the catalogue's repository at its pinned commit: the pinned SHA-256 of the real
        // vision model contradicts what this hub lists, which stops the fetch before any download.
        try (FakeHub hub = new FakeHub(clip.repo(), clip.revision(), source())) {
            Path target = work.resolve("pinned");
            CliRun run = CliRun.run("model", "fetch", clip.name(), "--hub-url", hub.url(), "--dir", target.toString());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("checksum mismatch for onnx/vision_model.onnx: the catalogue pins sha256 "
                    + clip.sha256().get("onnx/vision_model.onnx"));
            assertThat(hub.requests()).noneMatch(r -> r.path().contains("/resolve/"));
            assertThat(target).doesNotExist();
        }
        // At another revision the pins do not apply: the catalogue's files (no fp16 variants, no side file) come,
        // checked against the hub's ids.
        try (FakeHub hub = new FakeHub(clip.repo(), "main", source())) {
            Path target = work.resolve("clip");
            CliRun run = CliRun.run("model", "fetch", clip.name(), "--hub-url", hub.url(), "--revision", "main",
                    "--dir", target.toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            Map<String, String> expected = contents(source());
            expected.keySet().removeIf(p -> p.contains("_fp16") || p.equals("clipstream.json"));
            assertThat(contents(target)).isEqualTo(expected);
        }
    }

    @Test
    void unknownNamesAreUsageErrors() {
        CliRun run = CliRun.run("model", "fetch", "not-a-model");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("unknown model 'not-a-model'").contains("clip-vit-base-patch32");
    }

    /** Relative path to bytes of every file below {@code dir}. */
    static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), FakeHub.hex("SHA-256", Files.readAllBytes(p)));
            }
        }
        return files;
    }
}
