package io.clipstream.cli.model;

import io.clipstream.cli.trainer.TrainerOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "activate", description = "Make a published version live (POST /v1/trainer/versions/N/activate).")
public final class ModelActivateCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainerOptions trainer;

    @Parameters(index = "0", paramLabel = "VERSION", description = "Version number (clipstream model list).")
    int version;

    @Override
    public Integer call() {
        if (version < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "VERSION must be 0 or more");
        }
        String key = trainer.apiKey(spec);
        PrintWriter out = spec.commandLine().getOut();
        out.print(VersionsTable.activation(trainer.client().activate(version, key)));
        out.flush();
        return 0;
    }
}
