package io.clipstream.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.cli.http.JsonHttp;
import io.clipstream.cli.http.Service;
import io.clipstream.cli.trainer.TrainerClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", description = {"List the models model fetch knows by name; with --trainer-url also the "
        + "fine-tuned versions the trainer published (GET /v1/trainer/versions), the active one marked *."})
public final class ModelListCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--trainer-url", paramLabel = "URL", description = "Trainer base url, e.g. http://localhost:8082.")
    String trainerUrl;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000", description = "Request timeout (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(VersionsTable.catalogue(ModelCatalogue.bundled()));
        if (trainerUrl != null) {
            TrainerClient client = new TrainerClient(new JsonHttp(Service.TRAINER, trainerUrl,
                    Duration.ofMillis(timeoutMs)));
            JsonNode versions = client.versions();
            out.println();
            out.print(VersionsTable.versions(versions));
        }
        out.flush();
        return 0;
    }
}
