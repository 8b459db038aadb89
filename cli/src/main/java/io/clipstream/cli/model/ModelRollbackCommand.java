package io.clipstream.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.cli.http.JsonHttp;
import io.clipstream.cli.http.Service;
import io.clipstream.cli.trainer.TrainerOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rollback", description = {"Go back to the version live before the last activation "
        + "(POST /v1/trainer/rollback, or with --query-url the query API's POST /v1/admin/models/rollback; "
        + "same effect)."})
public final class ModelRollbackCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainerOptions trainer;

    @Option(names = "--query-url", paramLabel = "URL", description = "Roll back through this query API instead of the trainer.")
    String queryUrl;

    @Override
    public Integer call() {
        String key = trainer.apiKey(spec);
        JsonNode event;
        if (queryUrl != null) {
            JsonHttp http = new JsonHttp(Service.QUERY_API, queryUrl, Duration.ofMillis(trainer.timeoutMs()));
            event = http.ok(http.post("/v1/admin/models/rollback", Map.of("X-API-Key", key), null),
                    "POST /v1/admin/models/rollback");
        } else {
            event = trainer.client().rollback(key);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(VersionsTable.activation(event));
        out.flush();
        return 0;
    }
}
