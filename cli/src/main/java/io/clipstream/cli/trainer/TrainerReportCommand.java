package io.clipstream.cli.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.cli.CliFailure;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", description = "Print the report of the last finished run (GET /v1/trainer/runs/latest).")
public final class TrainerReportCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainerOptions trainer;

    @Option(names = "--json", description = "Print the raw JSON report.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonNode report = trainer.client().latestReport()
                .orElseThrow(() -> CliFailure.failed("no training run has finished yet on " + trainer.trainerUrl()));
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.toPrettyString() + "\n" : RunReports.render(report));
        out.flush();
        return 0;
    }
}
