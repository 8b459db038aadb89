package io.clipstream.cli.kafka;

import io.clipstream.cli.CliFailure;
import io.clipstream.kafka.clients.KafkaClientFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Option;

/**
 * How a command reaches Kafka, the same way the services do: every Kafka client setting from {@code KAFKA_*}
 * variables (as the services read them: {@code KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}), then a client
 * properties file, then {@code --kafka-property}, then {@code --bootstrap-servers}, each above the one before. The
 * commands build their clients from {@link #factory} only.
 */
public final class KafkaOptions {

    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    /** The variable naming a client properties file when {@code --kafka-config} is not given. */
    public static final String CONFIG_ENV = "CLIPSTREAM_KAFKA_CONFIG";
    private static final Set<String> CLIENT_SETTINGS = clientSettings();

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: bootstrap.servers of --kafka-config, else "
                    + "$KAFKA_BOOTSTRAP_SERVERS, else " + DEFAULT_BOOTSTRAP + ").")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A Kafka client properties file (security.protocol, sasl.mechanism, sasl.jaas.config, "
                    + "ssl.truststore.*, ...), as kafka-console-producer's --producer.config reads it "
                    + "(default: $CLIPSTREAM_KAFKA_CONFIG).")
    Path configFile;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Any Kafka client setting (security.protocol, sasl.*, max.request.size...); repeatable, "
                    + "above --kafka-config.")
    Map<String, String> properties = new LinkedHashMap<>();

    /** The settings from {@code env}, the file and the options, in that order of precedence (lowest first). */
    public Map<String, Object> settings(Map<String, String> env) {
        Map<String, Object> settings = new LinkedHashMap<>(fromEnvironment(env));
        String file = configFile != null ? configFile.toString() : env.get(CONFIG_ENV);
        if (file != null && !file.isBlank()) {
            settings.putAll(readFile(Path.of(file)));
        }
        settings.putAll(properties);
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        settings.putIfAbsent(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP);
        return settings;
    }

    /** The one factory a command builds its Kafka clients with. */
    public KafkaClientFactory factory(Map<String, String> env) {
        return new KafkaClientFactory(settings(env));
    }

    /**
     * {@code KAFKA_<NAME>} variables whose name is a Kafka client setting ({@code KAFKA_SECURITY_PROTOCOL},
     * {@code KAFKA_SSL_TRUSTSTORE_LOCATION}, ...); others, such as {@code KAFKA_HEAP_OPTS} of Kafka's scripts, are
     * not client settings and are left alone.
     */
    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> settings = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && value != null && !value.isBlank()) {
                String setting = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (CLIENT_SETTINGS.contains(setting)) {
                    settings.put(setting, value);
                }
            }
        });
        return settings;
    }

    private static Map<String, String> readFile(Path file) {
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            loaded.load(reader);
        } catch (IOException e) {
            throw CliFailure.usage("--kafka-config " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        loaded.stringPropertyNames().forEach(name -> settings.put(name, loaded.getProperty(name)));
        return settings;
    }

    private static Set<String> clientSettings() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }
}
