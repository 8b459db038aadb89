package io.clipstream.indexer.publish;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** Waits for a set of sends to be acknowledged by the broker. */
public final class Acks {

    private Acks() {
    }

    /** Blocks until every send is acknowledged; the first failure is rethrown. */
    public static void awaitAll(List<CompletionStage<Void>> sends) throws InterruptedException {
        CompletableFuture<?>[] all = sends.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not acknowledge a write: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }
}
