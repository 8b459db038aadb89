package io.clipstream.indexer.project;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Whether the vector store accepted the projector's last write, for readiness and logs. */
@ApplicationScoped
public class StoreHealth {

    /** {@code error} is null while the store is up. */
    public record State(boolean up, String error, Instant since) {
    }

    private final AtomicReference<State> state = new AtomicReference<>(new State(true, null, Instant.now()));

    public void up() {
        if (!state.get().up()) {
            state.set(new State(true, null, Instant.now()));
        }
    }

    public void down(String error) {
        State current = state.get();
        state.set(new State(false, error, current.up() ? Instant.now() : current.since()));
    }

    public State state() {
        return state.get();
    }
}
