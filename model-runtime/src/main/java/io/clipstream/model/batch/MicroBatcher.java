package io.clipstream.model.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Gathers items submitted from many threads into batches for one device: a batch runs when it holds
 * {@code maxBatch} items or when its first item has waited {@code maxWait}. One worker thread runs batches one
 * after another, so preprocessing of the next batch overlaps with inference of this one.
 *
 * <p>Out-of-memory errors shrink the batch as {@link BatchLimit} says; any other failure fails the futures of that
 * batch only.
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class);

    /** Runs one batch; returns one output per input, in order. */
    @FunctionalInterface
    public interface BatchFunction<I, O> {
        List<O> apply(List<I> batch) throws Exception;
    }

    /** Observes batches, e.g. for metrics. Called on the worker thread. */
    public interface Listener {
        default void batchDone(int size, long nanos) {
        }

        default void outOfMemory(int failedSize, int newLimit) {
        }

        default void limitRaised(int newLimit) {
        }
    }

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
    }

    private final String name;
    private final BatchFunction<I, O> function;
    private final long maxWaitNanos;
    private final BatchLimit limit;
    private final BlockingQueue<Pending<I, O>> queue;
    private final Thread worker;
    private volatile boolean closed;

    /**
     * @param queueCapacity items waiting at most; {@link #submit} blocks beyond it (backpressure)
     * @param growAfter good batches in a row before a lowered limit doubles again
     */
    public MicroBatcher(String name, BatchFunction<I, O> function, int maxBatch, Duration maxWait, int queueCapacity,
                        int growAfter, Predicate<Throwable> outOfMemory, Listener listener) {
        if (maxBatch < 1 || queueCapacity < 1 || growAfter < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxBatch, queueCapacity and growAfter must be >= 1, maxWait >= 0");
        }
        this.name = name;
        this.function = function;
        this.maxWaitNanos = maxWait.toNanos();
        this.limit = new BatchLimit(name, maxBatch, growAfter, outOfMemory, listener);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.worker = Thread.ofPlatform().name(name + "-batcher").daemon().start(this::loop);
    }

    /** Queues an item; blocks while the queue is full. The future completes when its batch has run. */
    public CompletableFuture<O> submit(I item) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException(name + " batcher is closed");
        }
        CompletableFuture<O> result = new CompletableFuture<>();
        queue.put(new Pending<>(item, result));
        return result;
    }

    /** The current batch limit: {@code maxBatch} unless out-of-memory errors lowered it. */
    public int currentLimit() {
        return limit.current();
    }

    public int maxBatch() {
        return limit.max();
    }

    private void loop() {
        List<Pending<I, O>> batch = new ArrayList<>(limit.max());
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + maxWaitNanos;
                int size = limit.current();
                while (batch.size() < size) {
                    queue.drainTo(batch, size - batch.size());
                    long left = deadline - System.nanoTime();
                    if (batch.size() >= size || left <= 0) {
                        break;
                    }
                    Pending<I, O> next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next != null) {
                        batch.add(next);
                    }
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(p -> p.result().completeExceptionally(e));
                return;
            } catch (RuntimeException | Error e) {
                // The loop must survive anything a batch throws; the batch's callers get the error.
                batch.forEach(p -> p.result().completeExceptionally(e));
                LOG.errorf(e, "%s batcher: batch of %d failed unexpectedly", name, batch.size());
            } finally {
                batch.clear();
            }
        }
    }

    private void run(List<Pending<I, O>> batch) {
        limit.run(batch.size(), new BatchLimit.Range<O>() {
            @Override
            public List<O> run(int from, int to) throws Exception {
                return function.apply(batch.subList(from, to).stream().map(Pending::item).toList());
            }

            @Override
            public void deliver(int index, O output) {
                batch.get(index).result().complete(output);
            }

            @Override
            public void fail(int from, int to, Throwable error) {
                batch.subList(from, to).forEach(p -> p.result().completeExceptionally(error));
            }
        });
    }

    /** Stops taking items, runs what is queued, and waits for the worker. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        worker.join(TimeUnit.SECONDS.toMillis(30));
    }
}
