package io.clipstream.indexer.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.kafka.retry.Backoff;
import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.VectorStoreException.Kind;
import io.clipstream.store.health.StoreHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoreRetryTest {

    private final StoreHealth health = new StoreHealth((VectorStore) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {VectorStore.class}, (p, m, a) -> "fake store"),
            Duration.ofHours(1), Duration.ofSeconds(1));
    private final Counter retries = new SimpleMeterRegistry().counter("retries");
    private final StoreRetry retry = new StoreRetry(Backoff.ofMillis(100, 400), health, retries, "test");
    private final List<Duration> pauses = new ArrayList<>();

    @Test
    void outagesAreRetriedThroughThePauseWithGrowingDelaysUntilTheStoreAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Kind[] outages = {Kind.TRANSPORT, Kind.UNAVAILABLE, Kind.TIMEOUT, Kind.TIMEOUT};

        String result = retry.call("upsert", () -> {
            int call = calls.getAndIncrement();
            if (call < outages.length) {
                throw new VectorStoreException(outages[call], "out " + call, null);
            }
            return "written";
        }, pauses::add);

        assertThat(result).isEqualTo("written");
        assertThat(calls).hasValue(5);
        assertThat(pauses).hasSize(4);
        assertThat(pauses.get(0).toMillis()).isBetween(50L, 100L);
        assertThat(pauses.get(1).toMillis()).isBetween(100L, 200L);
        assertThat(pauses.get(3).toMillis()).isBetween(200L, 400L);
        assertThat(retries.count()).isEqualTo(4);
        assertThat(retry.inOutage()).isFalse();
        assertThat(health.snapshot().up()).isTrue();
    }

    @Test
    void aRefusalIsThrownAtOnceWithoutAPause() throws Exception {
        retry.run("look up", () -> { }, pauses::add);
        assertThatThrownBy(() -> retry.run("upsert", () -> {
            throw new VectorStoreException(Kind.REFUSED, "dimension mismatch", null);
        }, pauses::add)).isInstanceOfSatisfying(VectorStoreException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED));
        assertThat(pauses).isEmpty();
        assertThat(health.snapshot().up()).as("a refusal is no outage").isTrue();
    }

    @Test
    void theStoreIsDownForHealthWhileAnOutageIsRetriedAndAnInterruptedWaitEndsTheCall() {
        assertThatThrownBy(() -> retry.run("upsert", () -> {
            throw new VectorStoreException(Kind.TRANSPORT, "connection refused", null);
        }, delay -> {
            assertThat(health.snapshot().up()).isFalse();
            assertThat(health.snapshot().reason()).isEqualTo("connection refused");
            throw new InterruptedException("stopping");
        })).isInstanceOf(InterruptedException.class);
        assertThat(retry.inOutage()).isTrue();
    }
}
