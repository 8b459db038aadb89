package io.clipstream.trainer.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a loop over {@code [0, count)} on a fixed pool, one contiguous range per thread. Callers write each index's
 * result to its own place and never share accumulators across ranges, so results do not depend on the thread count.
 */
public final class ParallelRanges implements AutoCloseable {

    /** Below this much work (multiply-adds, say) a loop runs on the caller: handing it over costs more. */
    static final long INLINE_WORK = 1 << 14;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ExecutorService pool;

    public ParallelRanges(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, daemonThreads());
    }

    public int threads() {
        return threads;
    }

    /** A loop body over the indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over {@code [0, count)}; {@code workPerIndex} decides whether splitting pays off. */
    public void forEach(int count, long workPerIndex, Range body) {
        if (count <= 0) {
            return;
        }
        int parts = Math.min(threads, count);
        if (parts == 1 || count * workPerIndex < INLINE_WORK) {
            body.run(0, count);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int part = 1; part < parts; part++) {
            int from = (int) ((long) count * part / parts);
            int to = (int) ((long) count * (part + 1) / parts);
            futures.add(pool.submit(() -> body.run(from, to)));
        }
        Throwable failure = null;
        try {
            body.run(0, (int) ((long) count / parts));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                failure = keepFirst(failure, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                failure = keepFirst(failure, e);
                break;
            }
        }
        if (failure != null) {
            throw rethrowable(failure);
        }
    }

    private static Throwable keepFirst(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static RuntimeException rethrowable(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException("parallel loop interrupted or failed", failure);
    }

    private static ThreadFactory daemonThreads() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "clipstream-compute-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
