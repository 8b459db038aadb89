package io.clipstream.trainer.service;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.clipstream.events.EventJson;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.trainer.config.TrainerConfig;
import io.clipstream.trainer.cycle.CycleResult;
import io.clipstream.trainer.cycle.CycleRunner;
import io.clipstream.trainer.models.TrainerModelVersions;
import io.clipstream.trainer.registry.RunReports;
import io.clipstream.versions.ActivationRefusedException;
import io.clipstream.versions.ModelsState;
import io.clipstream.versions.ModelsUnavailableException;
import io.clipstream.versions.NothingToRollBackException;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The trainer's entry point. Without arguments (or {@code serve}) it is the long-running service: the click-pair
 * topology, the schedule and the HTTP endpoints. Otherwise it runs one command and exits:
 * {@code run-once} (a Kubernetes CronJob), {@code activate N}, {@code rollback}, {@code versions},
 * {@code report [RUN_ID]}. Exit codes: 0 done (a run the gate refused is done too), 1 failed, 2 bad arguments.
 */
@QuarkusMain
public class TrainerMain implements QuarkusApplication {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final String USAGE_TEXT = """
            usage: trainer [serve | run-once | activate VERSION | rollback | versions | report [RUN_ID]]""";

    @Inject
    TrainerConfig config;

    @Inject
    TrainerService service;

    @Inject
    CycleRunner runner;

    @Inject
    TrainerModelVersions versions;

    @Inject
    RunReports reports;

    @Override
    public int run(String... args) throws Exception {
        List<String> argv = Arrays.asList(args);
        String command = argv.isEmpty() ? "serve" : argv.get(0);
        PrintStream out = System.out;
        try {
            return switch (command) {
                case "serve" -> serve();
                case "run-once" -> runOnce(out);
                case "activate" -> activate(argv, out);
                case "rollback" -> print(out, versions.activation().rollback());
                case "versions" -> versions(out);
                case "report" -> report(argv, out);
                default -> usage("unknown command '" + command + "'");
            };
        } catch (IllegalArgumentException | IllegalStateException | ActivationRefusedException
                 | NothingToRollBackException | ModelsUnavailableException e) {
            System.err.println("trainer " + command + ": " + e.getMessage());
            return FAILED;
        }
    }

    private int serve() throws InterruptedException {
        service.start();
        Quarkus.waitForExit();
        return OK;
    }

    private int runOnce(PrintStream out) {
        CycleResult result = runner.runNow("one-off command").orElseThrow(
                () -> new IllegalStateException("a cycle is already running in this process"));
        out.println(result.published()
                ? "published v" + result.publishedVersion() + (result.activated() ? " and activated it" : "")
                : "not published");
        result.reasons().forEach(r -> out.println("  - " + r));
        out.println("report: " + result.report());
        return OK;
    }

    private int activate(List<String> argv, PrintStream out) throws Exception {
        if (argv.size() != 2 || !argv.get(1).matches("\\d{1,9}")) {
            return usage("activate needs one version number");
        }
        return print(out, versions.activation().activate(Integer.parseInt(argv.get(1))));
    }

    private int versions(PrintStream out) throws InterruptedException {
        ModelsState state = versions.latest();
        out.println("active: v" + state.activeVersion());
        state.published().forEach((v, e) -> out.println("published: v" + v + " " + e.collection() + " " + e.time()));
        state.retired().forEach(v -> out.println("retired: v" + v));
        return OK;
    }

    private int report(List<String> argv, PrintStream out) throws Exception {
        var report = argv.size() > 1 ? reports.read(argv.get(1)) : reports.latest();
        if (report.isEmpty()) {
            System.err.println("no report " + (argv.size() > 1 ? argv.get(1) : "yet") + " in " + reports.dir());
            return FAILED;
        }
        out.println(EventJson.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report.get()));
        return OK;
    }

    private static int print(PrintStream out, ModelVersionEvent event) {
        out.println("activated " + event.baseModelId() + " v" + event.version() + " (" + event.collection()
                + "), previously v" + event.previousVersion());
        return OK;
    }

    private static int usage(String problem) {
        System.err.println("trainer: " + problem);
        System.err.println(USAGE_TEXT);
        return USAGE;
    }
}
