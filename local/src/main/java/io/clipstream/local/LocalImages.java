package io.clipstream.local;

import io.clipstream.cli.ClipstreamCli;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes a folder the way a user would with {@code clipstream publish}: through Kafka, by file url, resumable
 * (a restart with the same folder publishes only what is new or changed), then waits for the indexer's report.
 */
@ApplicationScoped
public class LocalImages {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "clipstream.topics.uploaded")
    String uploadsTopic;

    @ConfigProperty(name = "clipstream.topics.indexed")
    String statusTopic;

    /** @return the publish command's exit code (0: everything published and indexed) */
    int publishAndWait(Path folder, Path stateFile, long waitTimeoutMs, PrintStream out) {
        PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
        return ClipstreamCli.commandLine(new ClipstreamCli(), writer, writer).execute("publish", folder.toString(),
                "--bootstrap-servers", bootstrapServers, "--topic", uploadsTopic, "--mode", "url",
                "--resume", "--state", stateFile.toString(), "--wait", "--status-topic", statusTopic, "--wait-timeout-ms", Long.toString(waitTimeoutMs));
    }
}
