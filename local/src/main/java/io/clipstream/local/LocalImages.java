package io.clipstream.local;

import io.clipstream.cli.ClipstreamCli;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Publishes a folder the way a user would with {@code clipstream publish}: through Kafka, by file url, resumable
 * (a restart with the same folder publishes only what is new or changed), then waits for the indexer's report.
 */
@ApplicationScoped
public class LocalImages {

    @Inject
    KafkaClientFactory kafka;

    @Inject
    QueryConfig config;

    /** @return the publish command's exit code (0: everything published and indexed) */
    int publishAndWait(Path folder, Path stateFile, long waitTimeoutMs, PrintStream out) {
        PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("publish", folder.toString(),
                "--topic", config.topics().uploaded(), "--mode", "url", "--resume", "--state", stateFile.toString(),
                "--wait", "--status-topic", config.topics().indexed(), "--wait-timeout-ms",
                Long.toString(waitTimeoutMs)));
        // The services' Kafka settings, so that the publisher reaches the cluster as they do.
        kafka.common().forEach((key, value) -> args.addAll(List.of("--kafka-property", key + "=" + value)));
        return ClipstreamCli.commandLine(new ClipstreamCli(Map.of()), writer, writer).execute(
                args.toArray(String[]::new));
    }
}
