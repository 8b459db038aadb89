package io.clipstream.cli;

import io.clipstream.cli.model.ModelCommand;
import io.clipstream.cli.publish.PublishCommand;
import io.clipstream.cli.search.SearchCommand;
import io.clipstream.cli.topics.TopicsCommand;
import io.clipstream.cli.trainer.TrainerCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code clipstream}: the command line of the project. Subcommands live in their domain packages. */
@Command(name = "clipstream",
        mixinStandardHelpOptions = true,
        version = "clipstream 0.1.0",
        description = "Publish images to Kafka, search them, fetch models and drive the trainer.",
        subcommands = {PublishCommand.class, SearchCommand.class, ModelCommand.class, TrainerCommand.class,
                TopicsCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  done",
                "  1  failed: files not published, checksum mismatch, HTTP 4xx/5xx answer",
                "  2  bad arguments",
                "  3  unreachable: Kafka bootstrap, query API, trainer or model hub",
                "     (Kafka refusing the credentials or the TLS handshake is a failure: 1)",
                "",
                "./clipstream local [--images DIR] runs everything in one JVM (see ./clipstream local --help).",
                "Defaults from the environment: KAFKA_BOOTSTRAP_SERVERS and every other KAFKA_* client setting, "
                        + "CLIPSTREAM_KAFKA_CONFIG, CLIPSTREAM_QUERY_URL, CLIPSTREAM_TRAINER_URL, "
                        + "CLIPSTREAM_ADMIN_API_KEY."})
public final class ClipstreamCli implements Runnable {

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    public ClipstreamCli() {
        this(System.getenv());
    }

    /** @param env the environment variables commands read (tests pass their own) */
    public ClipstreamCli(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public Map<String, String> env() {
        return env;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** The command line with clipstream's exit codes and error printing; {@code execute} it. */
    public static CommandLine commandLine(ClipstreamCli root, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(root);
        // A search may start with a negative term: '-people beach' is QUERY, not an unknown option.
        cli.getSubcommands().get("search").setUnmatchedOptionsArePositionalParams(true);
        cli.setOut(out);
        cli.setErr(err);
        // picocli already ends usage errors with 2 (ExitCodes.USAGE); failures are mapped below.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            if (e instanceof CliFailure failure) {
                w.println("error: " + failure.getMessage());
                w.flush();
                return failure.exitCode();
            }
            if (e instanceof CommandLine.ParameterException pe) {
                w.println("error: " + pe.getMessage());
                pe.getCommandLine().usage(w);
                w.flush();
                return ExitCodes.USAGE;
            }
            // Anything else is a bug or an environment problem nobody foresaw: keep the trace.
            w.println("error: " + e);
            e.printStackTrace(w);
            w.flush();
            return ExitCodes.FAILED;
        });
        return cli;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = commandLine(new ClipstreamCli(), out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The root object of the command line a subcommand runs in. */
    public static ClipstreamCli root(CommandSpec spec) {
        return (ClipstreamCli) spec.root().userObject();
    }
}
