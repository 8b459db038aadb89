package io.clipstream.cli;

/** A failure with the message the user sees and the exit code it ends with; no stack trace is printed. */
public class CliFailure extends RuntimeException {

    private final int exitCode;

    protected CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliFailure failed(String message) {
        return new CliFailure(ExitCodes.FAILED, message, null);
    }

    public static CliFailure failed(String message, Throwable cause) {
        return new CliFailure(ExitCodes.FAILED, message, cause);
    }

    public static CliFailure unreachable(String message, Throwable cause) {
        return new CliFailure(ExitCodes.UNREACHABLE, message, cause);
    }

    public static CliFailure usage(String message) {
        return new CliFailure(ExitCodes.USAGE, message, null);
    }

    public int exitCode() {
        return exitCode;
    }
}
