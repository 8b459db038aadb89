package io.clipstream.cli.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaOptionsTest {

    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        KafkaOptions kafka;

        @Override
        public void run() {
        }
    }

    private static KafkaOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.kafka;
    }

    @Test
    void theServicesVariablesAreReadAsTheyReadThemAndOtherKafkaVariablesAreNot() {
        Map<String, Object> settings = parse().settings(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "k1:9093",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_JAAS_CONFIG", "x required;",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "CLIPSTREAM_QUERY_URL", "http://q"));

        assertThat(settings).containsOnly(Map.entry("bootstrap.servers", "k1:9093"),
                Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.jaas.config", "x required;"));
    }

    @Test
    void theFileIsAboveTheEnvironmentThePropertiesAboveTheFileAndTheAddressAboveAll() throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"), """
                bootstrap.servers=from-file:9093
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                """);
        Map<String, String> env = Map.of("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SASL_MECHANISM", "PLAIN");

        assertThat(parse("--kafka-config", file.toString(), "--kafka-property", "sasl.mechanism=SCRAM-SHA-256")
                .settings(env)).containsEntry("bootstrap.servers", "from-file:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-256");
        assertThat(parse("--kafka-config", file.toString(), "-b", "option:9093").settings(env))
                .containsEntry("bootstrap.servers", "option:9093");
        assertThat(parse().settings(Map.of(KafkaOptions.CONFIG_ENV, file.toString())))
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(parse().settings(Map.of())).containsOnly(Map.entry("bootstrap.servers", "localhost:9092"));
    }
}
