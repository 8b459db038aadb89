package io.clipstream.cli.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.cli.CliFailure;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", sortOptions = false,
        description = {"Start a training cycle now (POST /v1/trainer/runs).",
                "With --wait, poll until it finished and print the gate's decision. A refused version is a "
                        + "finished run (exit 0) unless --fail-if-refused."})
public final class TrainerRunCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainerOptions trainer;

    @Option(names = "--wait", description = "Wait until the run finished and print its report.")
    boolean waitForReport;

    @Option(names = "--poll-ms", paramLabel = "MS", defaultValue = "2000", description = "Poll interval with --wait (default: ${DEFAULT-VALUE}).")
    long pollMs;

    @Option(names = "--wait-timeout-ms", paramLabel = "MS", defaultValue = "7200000",
            description = "Give up waiting after this long (default: ${DEFAULT-VALUE}, 2 h).")
    long waitTimeoutMs;

    @Option(names = "--fail-if-refused", description = "Exit 1 when the gate refused to publish.")
    boolean failIfRefused;

    @Override
    public Integer call() throws InterruptedException {
        String key = trainer.apiKey(spec);
        TrainerClient client = trainer.client();
        PrintWriter out = spec.commandLine().getOut();
        Optional<String> before = client.latestReport().map(r -> r.path("runId").asText());
        client.startRun(key);
        out.println("training cycle started on " + trainer.trainerUrl());
        if (!waitForReport) {
            out.flush();
            return 0;
        }
        JsonNode report = awaitReport(client, before);
        out.print(RunReports.render(report));
        out.flush();
        return failIfRefused && !RunReports.published(report) ? 1 : 0;
    }

    /** The CLI's own wait on a remote service: it polls because the trainer offers no notification. */
    private JsonNode awaitReport(TrainerClient client, Optional<String> before) throws InterruptedException {
        long deadline = System.nanoTime() + waitTimeoutMs * 1_000_000L;
        while (true) {
            if (!client.running()) {
                Optional<JsonNode> latest = client.latestReport();
                if (latest.isPresent() && !latest.get().path("runId").asText().equals(before.orElse(null))) {
                    return latest.get();
                }
                // The run was claimed when POST answered, so "not running" without a new report means it died.
                throw CliFailure.failed("the training cycle ended without a report; see the trainer's log");
            }
            if (System.nanoTime() > deadline) {
                throw CliFailure.failed("the training cycle still runs after " + waitTimeoutMs + " ms; "
                        + "see clipstream trainer report later");
            }
            Thread.sleep(pollMs);
        }
    }
}
