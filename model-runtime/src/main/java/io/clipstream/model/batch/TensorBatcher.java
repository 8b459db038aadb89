package io.clipstream.model.batch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Gathers images from many preprocessing threads into device batches without copying them: a thread
 * {@link #claim() claims} a slot in the batch being filled, writes its pixels straight into that batch's direct
 * buffer, and {@link Slot#commit() commits}. A batch closes when it holds the current limit of images or when its
 * first slot has waited {@code maxWait}; it runs once every claimed slot is committed or abandoned. One worker
 * thread runs batches one after another, and a small pool of buffers lets the next batch fill while this one runs
 * (claims block while every buffer is in use: that is the backpressure).
 *
 * <p>Out-of-memory errors shrink the batch as {@link BatchLimit} says (the halves are slices of the same buffer);
 * any other failure fails that batch's futures only.
 */
public final class TensorBatcher<O> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TensorBatcher.class);

    /** Runs {@code count} images laid out one after another from position 0 of {@code pixels}. */
    @FunctionalInterface
    public interface BatchFunction<O> {
        List<O> apply(ByteBuffer pixels, int count) throws Exception;
    }

    /** One image's place in a batch. Write {@link #bytesPerImage()} bytes from {@link #offset()}, then commit. */
    public final class Slot {
        private final Batch batch;
        private final int index;

        private Slot(Batch batch, int index) {
            this.batch = batch;
            this.index = index;
        }

        /** The whole batch buffer (native byte order); write only this slot's range, with absolute puts. */
        public ByteBuffer buffer() {
            return batch.buffer;
        }

        public int offset() {
            return index * bytesPerImage;
        }

        public int bytesPerImage() {
            return bytesPerImage;
        }

        /** The pixels are in place: the future completes when the batch has run. */
        public CompletableFuture<O> commit() {
            CompletableFuture<O> result = batch.results.get(index);
            settle(batch);
            return result;
        }

        /** The pixels will not come (the writer failed): the slot runs as it is and its output is dropped. */
        public void abandon() {
            batch.results.get(index).cancel(false);
            settle(batch);
        }
    }

    private final class Batch {
        final ByteBuffer buffer;
        final List<CompletableFuture<O>> results = new ArrayList<>();
        int claimed;
        int settled;
        long deadline;

        Batch(ByteBuffer buffer) {
            this.buffer = buffer;
        }
    }

    private final String name;
    private final BatchFunction<O> function;
    private final int bytesPerImage;
    private final long maxWaitNanos;
    private final BatchLimit limit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<ByteBuffer> free = new ArrayDeque<>();
    private final Deque<Batch> closedBatches = new ArrayDeque<>();
    private final Thread worker;
    private Batch open;
    private boolean closed;

    /**
     * @param buffers batch buffers allocated up front (at least 2: one runs while the next fills)
     * @param growAfter good batches in a row before a lowered limit doubles again
     */
    public TensorBatcher(String name, BatchFunction<O> function, int bytesPerImage, int maxBatch, Duration maxWait,
                         int buffers, int growAfter, Predicate<Throwable> outOfMemory,
                         MicroBatcher.Listener listener) {
        if (bytesPerImage < 1 || buffers < 2 || maxWait.isNegative()) {
            throw new IllegalArgumentException("bytesPerImage >= 1, buffers >= 2 and maxWait >= 0 are required");
        }
        if ((long) bytesPerImage * maxBatch > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(maxBatch + " images of " + bytesPerImage + " bytes do not fit in a "
                    + "buffer; lower the batch size");
        }
        this.name = name;
        this.function = function;
        this.bytesPerImage = bytesPerImage;
        this.maxWaitNanos = maxWait.toNanos();
        this.limit = new BatchLimit(name, maxBatch, growAfter, outOfMemory, listener);
        for (int i = 0; i < buffers; i++) {
            free.add(ByteBuffer.allocateDirect(bytesPerImage * maxBatch).order(ByteOrder.nativeOrder()));
        }
        this.worker = Thread.ofPlatform().name(name + "-batcher").daemon().start(this::loop);
    }

    /** A slot in the batch being filled; blocks while every buffer is full or running. */
    public Slot claim() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                if (closed) {
                    throw new IllegalStateException(name + " batcher is closed");
                }
                if (open != null) {
                    Batch batch = open;
                    int index = batch.claimed++;
                    batch.results.add(new CompletableFuture<>());
                    if (index == 0) {
                        batch.deadline = System.nanoTime() + maxWaitNanos;
                        changed.signalAll();
                    }
                    if (batch.claimed >= limit.current()) {
                        closeOpen();
                    }
                    return new Slot(batch, index);
                }
                ByteBuffer buffer = free.poll();
                if (buffer == null) {
                    changed.await();
                } else {
                    open = new Batch(buffer);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    public int currentLimit() {
        return limit.current();
    }

    public int maxBatch() {
        return limit.max();
    }

    private void settle(Batch batch) {
        lock.lock();
        try {
            batch.settled++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: no more claims go into the open batch. */
    private void closeOpen() {
        closedBatches.add(open);
        open = null;
        changed.signalAll();
    }

    private void loop() {
        while (true) {
            Batch next;
            try {
                next = nextReady();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failEverything(e);
                return;
            }
            if (next == null) {
                return;
            }
            try {
                run(next);
            } catch (RuntimeException | Error e) {
                // The loop must survive anything a batch throws; the batch's callers get the error.
                next.results.forEach(r -> r.completeExceptionally(e));
                LOG.errorf(e, "%s batcher: batch of %d failed unexpectedly", name, next.claimed);
            } finally {
                recycle(next.buffer);
            }
        }
    }

    /** The oldest closed batch once all its slots are settled; null when closed and drained. */
    private Batch nextReady() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                Batch head = closedBatches.peek();
                if (head != null && head.settled == head.claimed) {
                    return closedBatches.poll();
                }
                long wait = TimeUnit.MILLISECONDS.toNanos(100);
                if (open != null && open.claimed > 0) {
                    long left = open.deadline - System.nanoTime();
                    if (left <= 0) {
                        closeOpen();
                        continue;
                    }
                    wait = Math.min(wait, left);
                }
                if (closed && head == null && (open == null || open.claimed == 0)) {
                    return null;
                }
                changed.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
    }

    private void run(Batch batch) {
        limit.run(batch.claimed, new BatchLimit.Range<O>() {
            @Override
            public List<O> run(int from, int to) throws Exception {
                ByteBuffer part = batch.buffer.slice(from * bytesPerImage, (to - from) * bytesPerImage)
                        .order(ByteOrder.nativeOrder());
                return function.apply(part, to - from);
            }

            @Override
            public void deliver(int index, O output) {
                batch.results.get(index).complete(output);
            }

            @Override
            public void fail(int from, int to, Throwable error) {
                for (int i = from; i < to; i++) {
                    batch.results.get(i).completeExceptionally(error);
                }
            }
        });
    }

    private void recycle(ByteBuffer buffer) {
        lock.lock();
        try {
            free.add(buffer.clear());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void failEverything(Throwable error) {
        lock.lock();
        try {
            closedBatches.forEach(b -> b.results.forEach(r -> r.completeExceptionally(error)));
            if (open != null) {
                open.results.forEach(r -> r.completeExceptionally(error));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking claims, runs what was claimed, and waits for the worker. */
    @Override
    public void close() throws InterruptedException {
        lock.lock();
        try {
            closed = true;
            if (open != null && open.claimed > 0) {
                closeOpen();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        worker.join(TimeUnit.SECONDS.toMillis(30));
    }
}
