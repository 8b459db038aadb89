package io.clipstream.cli.model;

import picocli.CommandLine.Command;

@Command(name = "model", description = "Fetch models; list, activate and roll back fine-tuned versions.",
        subcommands = {ModelFetchCommand.class, ModelListCommand.class, ModelActivateCommand.class,
                ModelRollbackCommand.class})
public final class ModelCommand {
}
