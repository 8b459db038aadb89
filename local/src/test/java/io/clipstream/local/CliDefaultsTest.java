package io.clipstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cli.env is sourced by a shell: values must come back byte for byte, and a variable already set must win. */
class CliDefaultsTest {

    @TempDir
    Path dir;

    @Test
    void valuesSurviveTheShellAndSetVariablesWin() throws Exception {
        Path file = dir.resolve("cli.env");
        String nastyKey = "k'ey $(touch " + dir.resolve("pwned") + ") \"`x`\" \\ end";
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("CLIPSTREAM_ADMIN_API_KEY", nastyKey);
        variables.put("CLIPSTREAM_QUERY_URL", "http://127.0.0.1:8080");
        try (CliDefaults defaults = CliDefaults.write(file, variables)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String out = bash(file, "CLIPSTREAM_QUERY_URL=http://elsewhere:1",
                    "printf '%s\\n%s' \"$CLIPSTREAM_ADMIN_API_KEY\" \"$CLIPSTREAM_QUERY_URL\"");
            assertThat(out).isEqualTo(nastyKey + "\nhttp://elsewhere:1");
            assertThat(dir.resolve("pwned")).doesNotExist();
        }
        assertThat(file).as("removed on close").doesNotExist();
    }

    private static String bash(Path envFile, String preset, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", preset + "; source \"$1\"; " + command, "bash",
                envFile.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }
}
