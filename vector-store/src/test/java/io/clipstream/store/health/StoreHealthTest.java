package io.clipstream.store.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.VectorStoreException.Kind;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StoreHealthTest {

    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final CountDownLatch pingMayAnswer = new CountDownLatch(1);
    private volatile boolean pingsHang;

    /** A store whose ping answers {@link #reachable}, or hangs while {@link #pingsHang}. */
    private final VectorStore store = (VectorStore) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {VectorStore.class}, (proxy, method, args) -> switch (method.getName()) {
                case "isReachable" -> {
                    if (pingsHang) {
                        pingMayAnswer.await();
                    }
                    yield reachable.get();
                }
                case "location" -> "fake store";
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void aHangingPingTurnsTheStoreDownAfterItsDeadlineWhileSnapshotsAnswerAtOnce() {
        pingsHang = true;
        try (StoreHealth health = new StoreHealth(store, Duration.ofMillis(50), Duration.ofMillis(300)).start()) {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                long started = System.nanoTime();
                StoreHealth.Snapshot snapshot = health.snapshot();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(50));
                assertThat(snapshot.up()).isFalse();
                assertThat(snapshot.reason()).contains("did not answer a ping within 300 ms");
            });

            pingMayAnswer.countDown();

            await().atMost(Duration.ofSeconds(5)).until(() -> health.snapshot().up());
        }
    }

    @Test
    void theLatestWordWinsAndRefusalsSayNothingAboutHealth() {
        StoreHealth health = new StoreHealth(store, Duration.ofSeconds(60), Duration.ofSeconds(1));
        assertThat(health.snapshot().up()).as("not known to answer yet").isFalse();
        health.ping();
        assertThat(health.snapshot().up()).isTrue();

        health.callFailed(new VectorStoreException(Kind.REFUSED, "vector has 3 dims", null));
        assertThat(health.snapshot().up()).as("a refused record is no outage").isTrue();

        health.callFailed(new VectorStoreException(Kind.TIMEOUT, "deadline exceeded", null));
        StoreHealth.Snapshot down = health.snapshot();
        assertThat(down.up()).isFalse();
        assertThat(down.reason()).isEqualTo("deadline exceeded");

        reachable.set(false);
        health.ping();
        assertThat(health.snapshot().up()).isFalse();
        assertThat(health.snapshot().reason()).isEqualTo("fake store does not answer");
        assertThat(health.snapshot().since()).as("down since the first failure").isEqualTo(down.since());

        reachable.set(true);
        health.ping();
        assertThat(health.snapshot().up()).as("a ping after the failed call brings it back").isTrue();

        health.callFailed(new VectorStoreException(Kind.TRANSPORT, "connection refused", null));
        assertThat(health.snapshot().up()).isFalse();
        health.callSucceeded();
        assertThat(health.snapshot().up()).isTrue();
        health.close();
    }
}
