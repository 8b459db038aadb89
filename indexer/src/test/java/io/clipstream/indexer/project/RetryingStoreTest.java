package io.clipstream.indexer.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clipstream.store.VectorStoreException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingStoreTest {

    private final StoreHealth health = new StoreHealth();

    @Test
    void outagesAreRetriedUntilTheStoreAnswersAndHealthFollows() throws InterruptedException {
        RetryingStore store = new RetryingStore(health, 1, 4);
        AtomicInteger calls = new AtomicInteger();

        int retries = store.run("write", () -> {
            if (calls.incrementAndGet() < 5) {
                assertThat(calls.get() == 1 || !health.state().up()).isTrue();
                throw new VectorStoreException("connection refused", true, null);
            }
        });

        assertThat(retries).isEqualTo(4);
        assertThat(health.state().up()).isTrue();
    }

    @Test
    void refusalsAreNotRetried() {
        RetryingStore store = new RetryingStore(health, 1, 4);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> store.run("write", () -> {
            calls.incrementAndGet();
            throw new VectorStoreException("dimension mismatch", false, null);
        })).isInstanceOf(VectorStoreException.class);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void stopEndsAWaitingRetry() throws Exception {
        RetryingStore store = new RetryingStore(health, 60_000, 60_000);
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                store.run("write", () -> {
                    calls.incrementAndGet();
                    throw new VectorStoreException("down", true, null);
                });
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        await().until(() -> calls.get() == 1 && !health.state().up());

        store.stop();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }
}
