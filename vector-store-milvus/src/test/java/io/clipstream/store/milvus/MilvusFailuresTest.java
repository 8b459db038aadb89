package io.clipstream.store.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.VectorStoreException.Kind;
import io.clipstream.testing.FreePorts;
import io.clipstream.testing.MilvusServer;
import io.milvus.exception.ParamException;
import io.milvus.shaded.io.grpc.Status;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the SDK throws, mapped onto the port's kinds; the refusals and outages of a real server among them. */
class MilvusFailuresTest {

    private static final float[] VECTOR = {1, 0, 0, 0};

    @Test
    void requestsTheClientOrServerRefusesAreRefused() {
        assertThat(MilvusFailures.kindOf(new MilvusClientException(ErrorCode.CLIENT_ERROR,
                new ParamException("Incorrect dimension for field 'vector'")))).isEqualTo(Kind.REFUSED);
        assertThat(MilvusFailures.kindOf(new MilvusClientException(ErrorCode.SERVER_ERROR,
                "collection 'x' does not exist", 100, 4))).isEqualTo(Kind.REFUSED);
        assertThat(MilvusFailures.kindOf(new MilvusClientException(ErrorCode.RPC_ERROR,
                Status.RESOURCE_EXHAUSTED.withDescription("message larger than max").asRuntimeException())))
                .as("a request too large for the channel").isEqualTo(Kind.REFUSED);
        assertThat(MilvusFailures.kindOf(new IllegalArgumentException("not a JSON value"))).isEqualTo(Kind.REFUSED);
    }

    @Test
    void outagesAreRetryableWithTheirKind() {
        assertThat(MilvusFailures.kindOf(new MilvusClientException(ErrorCode.RPC_ERROR,
                Status.DEADLINE_EXCEEDED.asRuntimeException()))).isEqualTo(Kind.TIMEOUT);
        assertThat(MilvusFailures.kindOf(Status.DEADLINE_EXCEEDED.asRuntimeException()))
                .as("thrown raw by a client that cannot connect").isEqualTo(Kind.TIMEOUT);
        assertThat(MilvusFailures.kindOf(new MilvusClientException(ErrorCode.RPC_ERROR,
                Status.UNAVAILABLE.asRuntimeException()))).isEqualTo(Kind.TRANSPORT);
        assertThat(MilvusFailures.kindOf(new MilvusClientException(ErrorCode.CLIENT_ERROR, "MilvusClient is closed")))
                .isEqualTo(Kind.TRANSPORT);
        assertThat(MilvusFailures.kindOf(new MilvusClientException(ErrorCode.TIMEOUT, "Retry timeout: 1000ms")))
                .isEqualTo(Kind.TIMEOUT);
        assertThat(MilvusFailures.kindOf(new MilvusClientException(ErrorCode.SERVER_ERROR, "rate limit", 8, 0)))
                .isEqualTo(Kind.UNAVAILABLE);
        assertThat(MilvusFailures.kindOf(new MilvusClientException(ErrorCode.SERVER_ERROR, "not ready", 1, 0)))
                .isEqualTo(Kind.UNAVAILABLE);
        assertThat(MilvusFailures.kindOf(new MilvusClientException(ErrorCode.RPC_ERROR,
                Status.UNAUTHENTICATED.asRuntimeException())))
                .as("a wrong token is never a record to set aside").isEqualTo(Kind.UNAVAILABLE);
    }

    @ParameterizedTest
    @EnumSource(MilvusServer.Kind.class)
    void aRealServerRefusesARecordItCannotHoldForGood(MilvusServer.Kind kind) {
        try (MilvusVectorStore store = new MilvusVectorStore(MilvusSettings.of(kind.shared().uri()))) {
            String c = "failures_" + ProcessHandle.current().pid();
            store.ensureCollection(new CollectionSpec(c, VECTOR.length));
            VectorRecord fine = new VectorRecord("fine", VECTOR, "", "", Map.of(), 1, 1);
            VectorRecord longUrl = new VectorRecord("long", VECTOR, "https://example.org/" + "u".repeat(5_000), "",
                    Map.of(), 1, 1);

            assertThatThrownBy(() -> store.upsert(c, List.of(fine, longUrl)))
                    .isInstanceOfSatisfying(VectorStoreException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
                    .hasMessageContaining("'url'");
            assertThatThrownBy(() -> store.upsert(c + "_missing", List.of(fine)))
                    .isInstanceOfSatisfying(VectorStoreException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED));
            store.upsert(c, List.of(fine));
            assertThat(store.allIds(c)).containsExactly("fine");
            store.dropCollection(c);
        }
    }

    @Test
    void aServerThatDoesNotAnswerFailsCallsRetryablyAndProbesWithinTheirOwnDeadline() {
        String dead = "http://127.0.0.1:" + FreePorts.pick();
        MilvusSettings settings = new MilvusSettings(dead, "", "", 30_000, 30_000, 16, 200, 64, 300);
        try (MilvusVectorStore store = new MilvusVectorStore(settings)) {
            long started = System.nanoTime();
            assertThat(store.isReachable()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("the probe's own deadline, not the 30 s of a call").isLessThan(Duration.ofSeconds(3));
        }
        try (MilvusVectorStore store = new MilvusVectorStore(settings.withDeadlines(500, 500))) {
            assertThatThrownBy(() -> store.upsert("any", List.of(new VectorRecord("a", VECTOR, "", "", Map.of(), 1,
                    1)))).isInstanceOfSatisfying(VectorStoreException.class, e -> assertThat(e.retryable())
                    .as("%s: %s", e.kind(), e.getMessage()).isTrue());
        }
    }
}
