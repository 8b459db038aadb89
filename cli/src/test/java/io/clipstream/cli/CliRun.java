package io.clipstream.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the CLI in this JVM as {@code java -jar} would, with captured output. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun run(String... args) {
        return run(Map.of(), args);
    }

    public static CliRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ClipstreamCli.commandLine(new ClipstreamCli(env), new PrintWriter(out, true),
                new PrintWriter(err, true)).execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
