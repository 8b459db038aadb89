package io.clipstream.query.health;

import io.clipstream.query.version.ActiveModelHolder;
import io.clipstream.store.VectorStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the vector store does not answer: searches would fail with 503. */
@Readiness
@ApplicationScoped
public class VectorStoreReadiness implements HealthCheck {

    @Inject
    VectorStore store;

    @Inject
    ActiveModelHolder active;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("vector-store")
                .status(store.isReachable())
                .withData("collection", active.current().collection())
                .build();
    }
}
