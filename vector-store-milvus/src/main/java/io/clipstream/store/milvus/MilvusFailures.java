package io.clipstream.store.milvus;

import io.clipstream.store.VectorStoreException;
import io.clipstream.store.VectorStoreException.Kind;
import io.milvus.exception.ParamException;
import io.milvus.shaded.io.grpc.Status;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import java.util.Set;

/**
 * Maps what the Milvus SDK throws onto the store port's {@link Kind}s. Only failures of the connection, of the
 * server's availability and of deadlines are retryable; a request the client or the server checked and refused is
 * {@link Kind#REFUSED}. Failures that are not about the request (authentication, a closed client) are
 * {@link Kind#UNAVAILABLE}: a caller must never take them for a record it should set aside.
 */
final class MilvusFailures {

    /**
     * Milvus 2.3+ service-level error codes (merr): not ready, unavailable, memory limit, request limit, disk
     * limit, rate limit, quota, time-tick delay, insufficient resources, too many requests. The server marks them
     * retriable; collection 101 and 103 are "not loaded" and "not fully loaded".
     */
    private static final Set<Integer> SERVER_UNAVAILABLE = Set.of(1, 2, 3, 4, 7, 8, 9, 11, 12, 13, 101, 103);

    private MilvusFailures() {
    }

    /** The port's exception for a failed call; {@code what} names the call in the message. */
    static VectorStoreException classify(String what, RuntimeException e) {
        if (e instanceof VectorStoreException already) {
            return already;
        }
        return new VectorStoreException(kindOf(e), "Milvus: cannot " + what + ": " + e.getMessage(), e);
    }

    static Kind kindOf(RuntimeException e) {
        if (e instanceof MilvusClientException milvus) {
            return kindOf(milvus);
        }
        if (e instanceof ParamException) {
            return Kind.REFUSED;
        }
        Status.Code code = Status.fromThrowable(e).getCode();
        // Anything else the client threw without a transport status is about the request: it was built from it.
        return code == Status.Code.UNKNOWN ? Kind.REFUSED : kindOf(code);
    }

    private static Kind kindOf(MilvusClientException e) {
        ErrorCode code = e.getErrorCode();
        if (code == ErrorCode.TIMEOUT) {
            // The SDK's own retries (rate limits, dropped connections) ran out of time.
            return Kind.TIMEOUT;
        }
        if (code == ErrorCode.SERVER_ERROR) {
            if (e.getServerErrCode() == 0 && e.getLegacyServerCode() == 0) {
                return Kind.UNAVAILABLE;
            }
            return SERVER_UNAVAILABLE.contains(e.getServerErrCode()) ? Kind.UNAVAILABLE : Kind.REFUSED;
        }
        if (e.getCause() instanceof ParamException) {
            // The client checks a request against the schema (dimension, lengths, types) before sending it.
            return Kind.REFUSED;
        }
        if (e.getCause() != null) {
            Status.Code grpc = Status.fromThrowable(e.getCause()).getCode();
            if (grpc != Status.Code.UNKNOWN) {
                return kindOf(grpc);
            }
        }
        if (code == ErrorCode.RPC_ERROR || Thread.currentThread().isInterrupted()
                || String.valueOf(e.getMessage()).contains("is closed")) {
            // A client closed under the caller, or a retry sleep interrupted: nothing to do with the request.
            return Kind.TRANSPORT;
        }
        return Kind.REFUSED;
    }

    /** gRPC status codes: a message too large or an invalid argument is the request's; the rest the channel's. */
    private static Kind kindOf(Status.Code code) {
        return switch (code) {
            case DEADLINE_EXCEEDED -> Kind.TIMEOUT;
            case UNAVAILABLE, CANCELLED, ABORTED, INTERNAL, DATA_LOSS -> Kind.TRANSPORT;
            case RESOURCE_EXHAUSTED, INVALID_ARGUMENT, OUT_OF_RANGE, ALREADY_EXISTS, NOT_FOUND,
                 FAILED_PRECONDITION -> Kind.REFUSED;
            // Unauthenticated, permission denied, unimplemented: the server does not serve this client.
            default -> Kind.UNAVAILABLE;
        };
    }
}
