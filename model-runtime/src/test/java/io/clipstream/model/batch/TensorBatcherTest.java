package io.clipstream.model.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clipstream.model.onnx.OnnxErrors;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Images are 4-byte ints here: the batch function reads back what each slot wrote, so a copy or a mix-up shows. */
class TensorBatcherTest {

    private static final int IMAGE_BYTES = Integer.BYTES;
    private final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());

    @Test
    void slotsAreReadBackFromTheBufferTheyWereWrittenTo() throws Exception {
        try (TensorBatcher<Integer> batcher = batcher(this::readBack, 4, Duration.ofHours(1), 2)) {
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(write(batcher.claim(), 100 + i));
            }

            for (int i = 0; i < 8; i++) {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(100 + i);
            }
            assertThat(sizes).containsExactly(4, 4);
        }
    }

    @Test
    void aPartialBatchRunsOnceItsFirstSlotWaitedMaxWait() throws Exception {
        try (TensorBatcher<Integer> batcher = batcher(this::readBack, 32, Duration.ofMillis(50), 2)) {
            CompletableFuture<Integer> a = write(batcher.claim(), 1);
            CompletableFuture<Integer> b = write(batcher.claim(), 2);

            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(sizes).containsExactly(2);
        }
    }

    @Test
    void aClosedBatchWaitsForEverySlotItHandedOut() throws Exception {
        try (TensorBatcher<Integer> batcher = batcher(this::readBack, 2, Duration.ofMillis(10), 2)) {
            TensorBatcher<Integer>.Slot slow = batcher.claim();
            CompletableFuture<Integer> fast = write(batcher.claim(), 7);

            // The batch is full and past its deadline, but one writer is still writing: nothing may run.
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !fast.isDone());
            CompletableFuture<Integer> late = write(slow, 8);

            assertThat(late.get(10, TimeUnit.SECONDS)).isEqualTo(8);
            assertThat(fast.get(10, TimeUnit.SECONDS)).isEqualTo(7);
            assertThat(sizes).containsExactly(2);
        }
    }

    @Test
    void anAbandonedSlotRunsButOnlyTheOthersGetResults() throws Exception {
        try (TensorBatcher<Integer> batcher = batcher(this::readBack, 3, Duration.ofHours(1), 2)) {
            CompletableFuture<Integer> a = write(batcher.claim(), 1);
            batcher.claim().abandon();
            CompletableFuture<Integer> c = write(batcher.claim(), 3);

            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(c.get(10, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(sizes).containsExactly(3);
        }
    }

    @Test
    void claimsBlockWhileEveryBufferIsFullOrRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TensorBatcher.BatchFunction<Integer> gated = (pixels, count) -> {
            release.await();
            return readBack(pixels, count);
        };
        try (TensorBatcher<Integer> batcher = batcher(gated, 1, Duration.ofHours(1), 2)) {
            CompletableFuture<Integer> running = write(batcher.claim(), 1);
            CompletableFuture<Integer> waiting = write(batcher.claim(), 2);
            AtomicReference<CompletableFuture<Integer>> third = new AtomicReference<>();
            Thread producer = Thread.ofPlatform().start(() -> {
                try {
                    third.set(write(batcher.claim(), 3));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            await().atMost(Duration.ofSeconds(5)).until(() -> producer.getState() == Thread.State.WAITING);
            assertThat(third.get()).isNull();
            release.countDown();
            producer.join(10_000);

            assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(third.get().get(10, TimeUnit.SECONDS)).isEqualTo(3);
        }
    }

    @Test
    void outOfMemoryRunsTheBatchAsHalvesOfTheSameBufferAndLowersTheLimit() throws Exception {
        AtomicInteger fits = new AtomicInteger(2);
        TensorBatcher.BatchFunction<Integer> device = (pixels, count) -> {
            if (count > fits.get()) {
                throw new IllegalStateException("CUDA failure 2: out of memory");
            }
            return readBack(pixels, count);
        };
        try (TensorBatcher<Integer> batcher = batcher(device, 4, Duration.ofHours(1), 2)) {
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(write(batcher.claim(), 10 + i));
            }

            for (int i = 0; i < 4; i++) {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(10 + i);
            }
            assertThat(sizes).containsExactly(2, 2);
            assertThat(batcher.currentLimit()).isEqualTo(2);
        }
    }

    @Test
    void anyOtherFailureFailsThatBatchOnly() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TensorBatcher.BatchFunction<Integer> flaky = (pixels, count) -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalArgumentException("bad graph input");
            }
            return readBack(pixels, count);
        };
        try (TensorBatcher<Integer> batcher = batcher(flaky, 2, Duration.ofHours(1), 2)) {
            CompletableFuture<Integer> a = write(batcher.claim(), 1);
            CompletableFuture<Integer> b = write(batcher.claim(), 2);
            CompletableFuture<Integer> c = write(batcher.claim(), 3);
            CompletableFuture<Integer> d = write(batcher.claim(), 4);

            assertThatThrownBy(() -> a.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("bad graph input");
            assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(c.get(10, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(d.get(10, TimeUnit.SECONDS)).isEqualTo(4);
        }
    }

    @Test
    void closeRunsWhatWasClaimedAndRefusesNewClaims() throws Exception {
        TensorBatcher<Integer> batcher = batcher(this::readBack, 8, Duration.ofHours(1), 2);
        CompletableFuture<Integer> a = write(batcher.claim(), 5);

        batcher.close();

        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(5);
        assertThatThrownBy(batcher::claim).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private TensorBatcher<Integer> batcher(TensorBatcher.BatchFunction<Integer> function, int maxBatch,
                                           Duration maxWait, int buffers) {
        MicroBatcher.Listener listener = new MicroBatcher.Listener() {
            @Override
            public void batchDone(int size, long nanos) {
                sizes.add(size);
            }
        };
        return new TensorBatcher<>("test", function, IMAGE_BYTES, maxBatch, maxWait, buffers, 3,
                OnnxErrors::isOutOfMemory, listener);
    }

    private static CompletableFuture<Integer> write(TensorBatcher<Integer>.Slot slot, int value) {
        slot.buffer().putInt(slot.offset(), value);
        return slot.commit();
    }

    private List<Integer> readBack(ByteBuffer pixels, int count) {
        List<Integer> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(pixels.getInt(i * IMAGE_BYTES));
        }
        return out;
    }
}
