package io.clipstream.cli;

/** The exit codes of every clipstream command, listed in {@code clipstream --help}. */
public final class ExitCodes {

    public static final int OK = 0;
    /** The operation ran and failed: files not published, checksum mismatch, an HTTP error answer. */
    public static final int FAILED = 1;
    /** Bad arguments (picocli's usage errors use the same code). */
    public static final int USAGE = 2;
    /** A service did not answer: connection refused, unresolvable host, timeout. */
    public static final int UNREACHABLE = 3;

    private ExitCodes() {
    }
}
