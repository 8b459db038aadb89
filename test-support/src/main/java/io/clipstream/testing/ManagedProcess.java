package io.clipstream.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.logging.Logger;

/**
 * A child process started by the test harness, with stdout and stderr appended to one log file.
 * <p>
 * Every process started here is remembered until it exits, and a JVM shutdown hook kills the ones still alive, so a
 * test JVM that dies or forgets to clean up does not leave brokers holding ports. Only processes started through
 * this class are touched, by their handle.
 */
public final class ManagedProcess {

    private static final Logger LOG = Logger.getLogger(ManagedProcess.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    /** How long to wait for a process to disappear after SIGKILL before giving up. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(15);
    private static final int TAIL_BYTES = 256 * 1024;
    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ManagedProcess::killAllLive, "managed-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    /** Size of the log file when this process started: a restart appends, and log waits only look at this run. */
    private final long logStartOffset;

    private ManagedProcess(String name, Process process, Path logFile, long logStartOffset) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.logStartOffset = logStartOffset;
    }

    /**
     * Starts {@code command} in {@code workDir} with {@code env} added to this JVM's environment; stdout and stderr
     * are appended to {@code logFile} (created with its parent folders if needed).
     */
    public static ManagedProcess start(List<String> command, Map<String, String> env, Path workDir, Path logFile) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Files.createDirectories(workDir);
            long offset = Files.exists(logFile) ? Files.size(logFile) : 0L;
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            // Nothing is ever written to the child's stdin: close it so a child that reads stdin sees EOF, not a hang.
            process.getOutputStream().close();
            ManagedProcess managed = new ManagedProcess(displayName(command), process, logFile, offset);
            LIVE.add(managed);
            process.onExit().thenRun(() -> LIVE.remove(managed));
            LOG.debugf("started %s", managed);
            return managed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + " (log " + logFile + ")", e);
        }
    }

    /**
     * A command line that runs {@code mainClass} on the JDK running this JVM, so child JVMs match the test JVM.
     */
    public static List<String> javaCommand(List<String> jvmArgs, String classpath, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(currentJavaExecutable());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** A {@code java -jar} command line on the current JDK. */
    public static List<String> javaJarCommand(List<String> jvmArgs, Path jar, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(currentJavaExecutable());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    private static String currentJavaExecutable() {
        Path fromJavaHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromJavaHome)) {
            return fromJavaHome.toString();
        }
        return ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException(
                        "cannot find the java executable: " + fromJavaHome + " is missing and the OS does not say"));
    }

    /**
     * Waits until a line of this run's output matches {@code pattern} and returns that line.
     *
     * @throws IllegalStateException if the process exits first or the timeout passes; the message holds the log tail
     */
    public String waitForLogLine(Pattern pattern, Duration timeout) {
        LogScanner scanner = new LogScanner(pattern);
        waitUntil(() -> scanner.scan().isPresent(), timeout, "a log line matching /" + pattern + "/");
        return scanner.match;
    }

    /**
     * Polls {@code condition} until it returns true. Exceptions thrown by the condition count as "not yet" (a server
     * that is still starting refuses connections), but the last one becomes the cause of the timeout exception.
     *
     * @param what what is being waited for, for the failure message
     * @throws IllegalStateException if the process exits first or the timeout passes; the message holds the log tail
     */
    public void waitUntil(Callable<Boolean> condition, Duration timeout, String what) {
        AtomicReference<Exception> lastFailure = new AtomicReference<>();
        try {
            Awaitility.await(what)
                    .atMost(timeout)
                    // Same thread: conditions bound their own blocking; and no hijacking of other threads' errors.
                    .pollInSameThread()
                    .dontCatchUncaughtExceptions()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL_INTERVAL)
                    .until(() -> {
                        // Checked before the condition: a dead process will never satisfy it, so fail fast.
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with code " + process.exitValue()
                                    + " while waiting for " + what + "\n" + logTailBlock());
                        }
                        try {
                            return Boolean.TRUE.equals(condition.call());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while waiting for " + what, e);
                        } catch (Exception e) {
                            lastFailure.set(e);
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            // The condition's last error (say, "connection refused") says more than the timeout itself.
            Exception last = lastFailure.get();
            IllegalStateException failure = new IllegalStateException(
                    "timed out after " + timeout + " waiting for " + what + " from " + this
                            + (last == null ? "" : "; last error: " + last) + "\n" + logTailBlock(),
                    last == null ? e : last);
            if (last != null) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
    }

    /**
     * Waits for the process to exit on its own and returns its exit code.
     *
     * @throws IllegalStateException if it is still running after {@code timeout}
     */
    public int waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(
                        this + " still running after " + timeout + "\n" + logTailBlock());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + this + " to exit", e);
        }
    }

    /**
     * Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it (SIGKILL) and its descendants.
     * Returns once the process is gone.
     */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("interrupted while stopping " + this + "; it was killed", e);
        }
        LOG.warnf("%s did not stop within %s after SIGTERM; killing it", this, grace);
        kill();
    }

    /** Kills the process and its descendants at once (SIGKILL), as a crash would, and waits until they are gone. */
    public void kill() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(this + " still alive " + KILL_WAIT + " after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + this + " to die", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of the log file (all runs), for failure messages. */
    public String logTail(int lines) {
        if (!Files.exists(logFile)) {
            return "(no log file " + logFile + ")";
        }
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            // The end of the file is enough for a tail; logs of long runs can be large.
            long from = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[Math.toIntExact(file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            // Only ever called to build a failure message: say why the tail is missing rather than mask that failure.
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    private String logTailBlock() {
        return "--- last lines of " + logFile + " ---\n" + logTail(40) + "\n---";
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + logFile + ")";
    }

    /** For a JVM the main class says what runs; for anything else the executable's file name does. */
    private static String displayName(List<String> command) {
        String executable = Path.of(command.get(0)).getFileName().toString();
        int cp = command.indexOf("-cp");
        if (executable.equals("java") && cp >= 0 && cp + 2 < command.size()) {
            return command.get(cp + 2);
        }
        return executable;
    }

    private static void killAllLive() {
        for (ManagedProcess managed : LIVE) {
            ProcessHandle handle = managed.process.toHandle();
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
        }
    }

    /** Reads the log file incrementally from this run's start, remembering the first matching line. */
    private final class LogScanner {
        private final Pattern pattern;
        private long position = logStartOffset;
        private String match;

        LogScanner(Pattern pattern) {
            this.pattern = pattern;
        }

        Optional<String> scan() throws IOException {
            if (match != null || !Files.exists(logFile)) {
                return Optional.ofNullable(match);
            }
            try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
                long length = file.length();
                if (length <= position) {
                    return Optional.empty();
                }
                byte[] bytes = new byte[Math.toIntExact(length - position)];
                file.seek(position);
                file.readFully(bytes);
                // Only complete lines are consumed; a half-written last line is read again on the next poll.
                int end = lastIndexOf(bytes, (byte) '\n');
                if (end < 0) {
                    return Optional.empty();
                }
                position += end + 1;
                for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1)) {
                    if (pattern.matcher(line).find()) {
                        match = line;
                        break;
                    }
                }
            }
            return Optional.ofNullable(match);
        }

        private static int lastIndexOf(byte[] bytes, byte value) {
            for (int i = bytes.length - 1; i >= 0; i--) {
                if (bytes[i] == value) {
                    return i;
                }
            }
            return -1;
        }
    }
}
