package io.clipstream.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The lifecycle shared by the servers the harness runs as child processes: start and wait until ready (killing a
 * half-started process), stop cleanly, kill abruptly, restart on the same ports and data, and on close throw the
 * data away.
 *
 * @param <S> the server type, so that {@link #start()} and {@link #restart()} return it
 */
public abstract class ChildServer<S extends ChildServer<S>> implements AutoCloseable {

    /**
     * System property naming a folder where {@link #close()} keeps a copy of the server's log before deleting its
     * work directory, so a failed test run can still be read afterwards (the root pom sets
     * {@code target/server-logs} of each module).
     */
    public static final String KEEP_LOGS_PROPERTY = "clipstream.it.server-logs";

    private static final Logger LOG = Logger.getLogger(ChildServer.class);

    protected final Path workDir;
    private final Duration stopGrace;
    protected volatile ManagedProcess process;

    ChildServer(Path workDir, Duration stopGrace) {
        this.workDir = workDir;
        this.stopGrace = stopGrace;
    }

    /** Starts the server's process. */
    protected abstract ManagedProcess launch();

    /** Returns once the started process serves requests; throws otherwise. */
    protected abstract void awaitReady(ManagedProcess started);

    /** For messages, e.g. "Kafka broker on 127.0.0.1:9092". */
    protected abstract String describe();

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server (again, after {@link #stop()} or {@link #kill()}) on the same ports and data. */
    public synchronized S start() {
        if (isRunning()) {
            throw new IllegalStateException(describe() + " is already running");
        }
        long started = System.nanoTime();
        process = launch();
        try {
            awaitReady(process);
        } catch (RuntimeException e) {
            // Do not leave a half-started server holding its ports or its data directory's lock.
            try {
                process.kill();
            } catch (RuntimeException killFailure) {
                e.addSuppressed(killFailure);
            }
            throw e;
        }
        LOG.infof("%s ready in %d ms (%s)", describe(), Duration.ofNanos(System.nanoTime() - started).toMillis(),
                process);
        return self();
    }

    /** Shuts the server down cleanly (SIGTERM, then SIGKILL after the grace period); ports and data are kept. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(stopGrace);
        }
    }

    /** Kills the server abruptly (SIGKILL), like a crash; ports and data are kept. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    /** Stops the server cleanly and starts it again on the same ports with the same data. */
    public synchronized S restart() {
        stop();
        return start();
    }

    /** The last lines of the server's log, for diagnostics. */
    public synchronized String logTail(int lines) {
        return process == null ? "" : process.logTail(lines);
    }

    /** Kills the server and deletes its directory: a clean stop is wasted time when the data is thrown away. */
    @Override
    public synchronized void close() {
        kill();
        keepLog();
        TempDirs.deleteRecursively(workDir);
    }

    private void keepLog() {
        String folder = System.getProperty(KEEP_LOGS_PROPERTY);
        if (folder == null || folder.isBlank() || process == null || !Files.isRegularFile(process.logFile())) {
            return;
        }
        Path kept = Path.of(folder).resolve(workDir.getFileName() + "-" + process.logFile().getFileName());
        try {
            Files.createDirectories(kept.getParent());
            Files.copy(process.logFile(), kept, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // The log only helps diagnose; the directory must go regardless.
            LOG.warnf("cannot keep the log of %s as %s: %s", describe(), kept, e);
        }
    }
}
