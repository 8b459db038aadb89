package io.clipstream.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportsTest {

    @TempDir
    Path root;

    @Test
    void writesReportsAtomicallyAndFindsTheLatestByRunId() throws Exception {
        RunReports reports = new RunReports(root, "m");
        reports.write("20261101T000000Z-aaaaaa", Map.of("n", 1));
        reports.write("20261102T000000Z-bbbbbb", Map.of("n", 2));

        assertThat(reports.runIds()).containsExactly("20261101T000000Z-aaaaaa", "20261102T000000Z-bbbbbb");
        assertThat(reports.latest()).get().extracting(n -> n.path("n").asInt()).isEqualTo(2);
        assertThat(reports.read("20261101T000000Z-aaaaaa")).get().extracting(n -> n.path("n").asInt()).isEqualTo(1);
        try (var files = Files.list(reports.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void refusesRunIdsThatCouldLeaveTheFolder() {
        RunReports reports = new RunReports(root, "m");
        reports.write("20261101T000000Z-aaaaaa", Map.of("n", 1));
        assertThat(reports.read("../m/reports/20261101T000000Z-aaaaaa")).isEmpty();
        assertThat(reports.read("nope")).isEmpty();
    }

    @Test
    void modelChecksumChangesWithAnyFileOfTheModel() throws Exception {
        Path model = root.resolve("model");
        Files.createDirectories(model.resolve("onnx"));
        Files.writeString(model.resolve("config.json"), "{}");
        Files.write(model.resolve("onnx/text_model.onnx"), new byte[] {1, 2, 3});
        String before = ModelChecksum.of(model);
        assertThat(before).startsWith("sha256:").hasSize(7 + 64).isEqualTo(ModelChecksum.of(model));
        Files.write(model.resolve("onnx/text_model.onnx"), new byte[] {1, 2, 4});
        assertThat(ModelChecksum.of(model)).isNotEqualTo(before);
    }
}
