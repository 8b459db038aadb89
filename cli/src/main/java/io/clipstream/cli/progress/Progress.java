package io.clipstream.cli.progress;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar with rate and ETA on stderr, or nothing at all (quiet, or not a terminal). */
public interface Progress extends AutoCloseable {

    void stepBy(long n);

    @Override
    void close();

    /** Makes byte bars for downloads: {@code create(task, totalBytes, alreadyDone)}. */
    @FunctionalInterface
    interface Factory {
        Progress create(String task, long total, long start);

        Factory NONE = (task, total, start) -> none();

        /** Files smaller than this download too fast for a bar to help. */
        long DOWNLOAD_BAR_MIN_BYTES = 4L * 1024 * 1024;

        /** Bars for model downloads: only on a terminal, only when enabled, only for large files. */
        static Factory downloads(boolean enabled) {
            return bytes(enabled && Terminals.interactive(), DOWNLOAD_BAR_MIN_BYTES);
        }

        /** Bars only for files of at least {@code minBytes}, only when enabled. */
        static Factory bytes(boolean enabled, long minBytes) {
            return (task, total, start) -> total >= minBytes ? bar(enabled, task, total, true, start) : none();
        }
    }

    static Progress none() {
        return new Progress() {
            @Override
            public void stepBy(long n) {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * @param bytes whether the bar counts bytes (shown in MiB) rather than items
     * @param start what was already done before this run (a resumed download), not counted in the rate
     */
    static Progress bar(boolean enabled, String task, long total, boolean bytes, long start) {
        if (!enabled) {
            return none();
        }
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setSpeedUnit(ChronoUnit.SECONDS)
                .showSpeed()
                .startsFrom(start, Duration.ZERO)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true, StandardCharsets.UTF_8)));
        if (bytes) {
            builder.setUnit(" MiB", 1024 * 1024);
        }
        ProgressBar bar = builder.build();
        return new Progress() {
            @Override
            public void stepBy(long n) {
                bar.stepBy(n);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
