package io.clipstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.cli.model.CatalogueEntry;
import io.clipstream.cli.model.ModelCatalogue;
import io.clipstream.local.model.DefaultModel;
import io.clipstream.testing.FakeHub;
import io.clipstream.testing.FreePorts;
import io.clipstream.testing.RepoPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad arguments stop the local mode before anything starts, with exit code 2 and the option to fix. */
class LocalMainTest {

    private static final String TINY = RepoPaths.resolve(LocalMain.BUNDLED_MODEL).toString();

    @TempDir
    Path dir;

    @Test
    void aFolderThatIsNoModelIsNamed() {
        Result result = run("--model", dir.toString(), "--data-dir", dir.resolve("data").toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("--model:", "is not a model directory");
        assertThat(dir.resolve("data")).as("nothing started").doesNotExist();
    }

    @Test
    void aMissingImageFolderIsNamed() {
        Result result = run("--model", TINY, "--images", dir.resolve("nope").toString(), "--data-dir", dir.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("--images", "is not a directory");
    }

    @Test
    void aTakenPortNamesItsOption() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Result result = run("--model", TINY, "--kafka-port", String.valueOf(taken.getLocalPort()),
                    "--data-dir", dir.toString());
            assertThat(result.code()).isEqualTo(2);
            assertThat(result.err()).contains("port " + taken.getLocalPort() + " (--kafka-port) is in use");
        }
    }

    @Test
    void aDefaultModelThatFailsItsChecksumStopsBeforeAnythingStarts() {
        CatalogueEntry clip = ModelCatalogue.bundled().find(DefaultModel.NAME).orElseThrow();
        // The random tiny CLIP served at the catalogue's pinned commit: the real model's pin cannot match.
        try (FakeHub hub = new FakeHub(clip.repo(), clip.revision(), RepoPaths.tinyModels().resolve("clip-hf"))) {
            List<Integer> ports = FreePorts.pick(3);
            Result result = run("--hub-url", hub.url(), "--models-dir", dir.resolve("models").toString(),
                    "--data-dir", dir.resolve("data").toString(), "--port", ports.get(0).toString(),
                    "--kafka-port", ports.get(1).toString(), "--controller-port", ports.get(2).toString());

            assertThat(result.code()).isEqualTo(1);
            assertThat(result.err()).contains("checksum mismatch for onnx/vision_model.onnx",
                    "./clipstream local --offline");
            assertThat(hub.requests()).isNotEmpty();
        }
        assertThat(dir.resolve("models/" + DefaultModel.NAME)).doesNotExist();
        assertThat(dir.resolve("data")).as("nothing started").doesNotExist();
    }

    @Test
    void theHelpNamesTheFirstRunOptions() {
        String help = new CommandLine(new LocalMain()).getUsageMessage();
        assertThat(help).contains("--offline", "--hub-url", "--models-dir", "--verbose", DefaultModel.NAME);
    }

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LocalMain());
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, err.toString());
    }

    private record Result(int code, String err) {
    }
}
