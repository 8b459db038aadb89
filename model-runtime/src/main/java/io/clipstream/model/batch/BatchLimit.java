package io.clipstream.model.batch;

import java.util.List;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The one rule for how large a device batch may be, shared by every batcher: a batch that runs out of memory is
 * split in halves and retried, and the limit drops to the size that fit; after {@code growAfter} good full
 * batches in a row the limit doubles again, up to {@code maxBatch}. Any other failure fails that range only.
 *
 * <p>Only the batcher's worker thread changes the limit; other threads may read it.
 */
final class BatchLimit {

    private static final Logger LOG = Logger.getLogger(BatchLimit.class);

    /**
     * Items [from, to) of a batch: {@code run} computes their outputs, {@code deliver} hands one out (called only
     * after the range was counted, so a caller that sees its result also sees its batch in the metrics).
     */
    interface Range<O> {
        List<O> run(int from, int to) throws Exception;

        void deliver(int index, O output);

        void fail(int from, int to, Throwable error);
    }

    private final String name;
    private final int maxBatch;
    private final int growAfter;
    private final Predicate<Throwable> outOfMemory;
    private final MicroBatcher.Listener listener;
    private volatile int limit;
    private int goodStreak;

    BatchLimit(String name, int maxBatch, int growAfter, Predicate<Throwable> outOfMemory,
               MicroBatcher.Listener listener) {
        if (maxBatch < 1 || growAfter < 1) {
            throw new IllegalArgumentException("maxBatch and growAfter must be >= 1");
        }
        this.name = name;
        this.maxBatch = maxBatch;
        this.growAfter = growAfter;
        this.outOfMemory = outOfMemory;
        this.listener = listener;
        this.limit = maxBatch;
    }

    int current() {
        return limit;
    }

    int max() {
        return maxBatch;
    }

    /** Runs [0, size) through {@code range}, halving the range on out-of-memory errors. */
    <O> void run(int size, Range<O> range) {
        run(0, size, false, range);
    }

    /** {@code retry}: part of a batch split after running out of memory; it does not count towards regrowth. */
    private <O> void run(int from, int to, boolean retry, Range<O> range) {
        long start = System.nanoTime();
        List<O> outputs;
        try {
            outputs = range.run(from, to);
            if (outputs.size() != to - from) {
                throw new IllegalStateException(name + " batch function returned " + outputs.size()
                        + " results for " + (to - from) + " inputs");
            }
        } catch (Throwable e) {
            if (!outOfMemory.test(e)) {
                range.fail(from, to, e);
            } else if (to - from == 1) {
                LOG.errorf("%s batcher: out of memory on a single item, giving up on it: %s", name, e.getMessage());
                range.fail(from, to, e);
            } else {
                split(from, to, range, e);
            }
            return;
        }
        int size = to - from;
        listener.batchDone(size, System.nanoTime() - start);
        if (!retry && limit < maxBatch && size >= limit && ++goodStreak >= growAfter) {
            limit = Math.min(maxBatch, limit * 2);
            goodStreak = 0;
            LOG.infof("%s batcher: batch limit raised back to %d", name, limit);
            listener.limitRaised(limit);
        }
        for (int i = from; i < to; i++) {
            range.deliver(i, outputs.get(i - from));
        }
    }

    private <O> void split(int from, int to, Range<O> range, Throwable error) {
        int half = (to - from) / 2;
        limit = Math.max(1, Math.min(limit, half));
        goodStreak = 0;
        LOG.warnf("%s batcher: out of memory on a batch of %d, retrying as halves; limit now %d (%s)", name,
                to - from, limit, error.getMessage());
        listener.outOfMemory(to - from, limit);
        run(from, from + half, true, range);
        run(from + half, to, true, range);
    }
}
