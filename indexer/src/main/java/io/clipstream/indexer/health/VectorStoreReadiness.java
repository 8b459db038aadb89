package io.clipstream.indexer.health;

import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.indexer.project.StoreHealth;
import io.clipstream.store.VectorStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the projector's vector store answers and took its last write. */
@Readiness
@ApplicationScoped
public class VectorStoreReadiness implements HealthCheck {

    @Inject
    IndexerConfig config;

    @Inject
    StoreHealth health;

    @Inject
    VectorStore store;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("vector-store");
        if (!config.projector().enabled()) {
            return response.up().withData("projector", "disabled").build();
        }
        StoreHealth.State state = health.state();
        boolean reachable = store.isReachable();
        response.withData("store", store.location()).withData("reachable", reachable);
        if (!state.up()) {
            response.withData("error", state.error()).withData("since", state.since().toString());
        }
        return response.status(reachable && state.up()).build();
    }
}
