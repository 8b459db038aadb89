package io.clipstream.model.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clipstream.model.onnx.OnnxErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    private final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());

    @Test
    void fullBatchesRunWithoutWaitingForTheTimeout() throws Exception {
        try (MicroBatcher<Integer, Integer> batcher = batcher(this::doubled, 4, Duration.ofHours(1))) {
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(batcher.submit(i));
            }

            for (int i = 0; i < 8; i++) {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(2 * i);
            }
            assertThat(sizes).containsExactly(4, 4);
        }
    }

    @Test
    void aPartialBatchRunsOnceItsFirstItemWaitedMaxWait() throws Exception {
        try (MicroBatcher<Integer, Integer> batcher = batcher(this::doubled, 32, Duration.ofMillis(50))) {
            CompletableFuture<Integer> a = batcher.submit(1);
            CompletableFuture<Integer> b = batcher.submit(2);

            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
        }
    }

    @Test
    void outOfMemoryHalvesTheBatchRetriesItAndTheLimitGrowsBack() throws Exception {
        AtomicInteger fits = new AtomicInteger(2);
        AtomicInteger oomEvents = new AtomicInteger();
        MicroBatcher.BatchFunction<Integer, Integer> device = batch -> {
            if (batch.size() > fits.get()) {
                throw new IllegalStateException("CUDA failure 2: out of memory");
            }
            return doubled(batch);
        };
        MicroBatcher.Listener listener = new MicroBatcher.Listener() {
            @Override
            public void outOfMemory(int failedSize, int newLimit) {
                oomEvents.incrementAndGet();
            }
        };
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("test", device, 8, Duration.ofHours(1), 64,
                2, OnnxErrors::isOutOfMemory, listener)) {
            List<CompletableFuture<Integer>> first = submitAll(batcher, 8);
            for (int i = 0; i < 8; i++) {
                assertThat(first.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(2 * i);
            }
            assertThat(batcher.currentLimit()).isEqualTo(2);
            assertThat(oomEvents.get()).isEqualTo(3);
            assertThat(sizes).containsOnly(2);

            fits.set(8);
            // Two good batches at the lowered limit double it: 2 -> 4 -> 8.
            for (int round = 0; round < 4 && batcher.currentLimit() < 8; round++) {
                List<CompletableFuture<Integer>> more = submitAll(batcher, batcher.currentLimit());
                more.getLast().get(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> batcher.currentLimit() == 8);
        }
    }

    @Test
    void otherFailuresFailOnlyTheirBatch() throws Exception {
        try (MicroBatcher<Integer, Integer> batcher = batcher(batch -> {
            if (batch.contains(-1)) {
                throw new IllegalArgumentException("bad input");
            }
            return doubled(batch);
        }, 1, Duration.ZERO)) {
            CompletableFuture<Integer> bad = batcher.submit(-1);
            CompletableFuture<Integer> good = batcher.submit(3);

            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("bad input");
            assertThat(good.get(10, TimeUnit.SECONDS)).isEqualTo(6);
            assertThat(batcher.currentLimit()).isEqualTo(1);
        }
    }

    @Test
    void submitBlocksWhenTheQueueIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("test", batch -> {
            running.countDown();
            release.await();
            return doubled(batch);
        }, 1, Duration.ZERO, 1, 1, e -> false, new MicroBatcher.Listener() { });
        try (batcher) {
            batcher.submit(1);
            running.await(10, TimeUnit.SECONDS);
            batcher.submit(2);
            Thread blocked = Thread.ofVirtual().start(() -> {
                try {
                    batcher.submit(3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            await().atMost(Duration.ofSeconds(10)).until(() -> blocked.getState() == Thread.State.WAITING);
            release.countDown();
            blocked.join(10_000);
            assertThat(blocked.isAlive()).isFalse();
        }
    }

    private List<Integer> doubled(List<Integer> batch) {
        sizes.add(batch.size());
        return batch.stream().map(i -> i * 2).toList();
    }

    private MicroBatcher<Integer, Integer> batcher(MicroBatcher.BatchFunction<Integer, Integer> fn, int max,
                                                   Duration wait) {
        return new MicroBatcher<>("test", fn, max, wait, 64, 2, OnnxErrors::isOutOfMemory,
                new MicroBatcher.Listener() { });
    }

    private static List<CompletableFuture<Integer>> submitAll(MicroBatcher<Integer, Integer> batcher, int n)
            throws InterruptedException {
        List<CompletableFuture<Integer>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(batcher.submit(i));
        }
        return out;
    }
}
