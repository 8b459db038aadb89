package io.clipstream.cli.trainer;

import picocli.CommandLine.Command;

@Command(name = "trainer", description = "Drive the trainer service (/v1/trainer).",
        subcommands = {TrainerRunCommand.class, TrainerReportCommand.class})
public final class TrainerCommand {
}
