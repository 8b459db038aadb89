package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.testing.FreePorts;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.TestInfrastructure;
import io.clipstream.testing.TopicReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar {@code ./clipstream} runs, in its own JVM: the shading must keep Kafka's service files, the SLF4J
 * binding and the resources (schemas, catalogue) working.
 */
class ShadedJarIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final Path JAR = RepoPaths.resolve("cli/target/clipstream-cli.jar");

    @TempDir
    Path dir;

    record Exit(int code, String out, String err) {
    }

    Exit java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java -jar " + String.join(" ", args) + " still ran after 60 s");
        }
        return new Exit(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void theJarPublishesToKafkaAndExitsWithTheDocumentedCodes() throws Exception {
        assertThat(JAR).exists();
        Exit help = java("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: clipstream").contains("Exit codes:");

        String topic = "jar-" + UUID.randomUUID();
        INFRA.createTopic(topic, 1, Map.of());
        Path image = Files.copy(RepoPaths.resolve("samples/large-green-circle-on-grass.jpg"), dir.resolve("green.jpg"));
        Exit published = java("publish", image.toString(), "-b", INFRA.kafkaBootstrapServers(), "-t", topic,
                "--state", dir.resolve("state").toString());
        assertThat(published.code()).as(published.err()).isZero();
        assertThat(published.out()).contains("published 1 to " + topic);
        assertThat(published.err()).doesNotContain("SLF4J");
        assertThat(TopicReader.endOffsetSum(INFRA.kafkaBootstrapServers(), topic)).isEqualTo(1);

        Exit unreachable = java("publish", image.toString(), "-b", "127.0.0.1:" + FreePorts.pick(),
                "--connect-timeout-ms", "1500", "--state", dir.resolve("state2").toString());
        assertThat(unreachable.code()).as(unreachable.err()).isEqualTo(3);

        Exit usage = java("publish");
        assertThat(usage.code()).isEqualTo(2);
    }
}
