package io.clipstream.indexer.health;

import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.indexer.project.ProjectorStoreHealth;
import io.clipstream.store.health.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the projectors' vector store took their last call and answers the background ping. Answers from
 * what {@link ProjectorStoreHealth} keeps, never by calling the store: at once, even during an outage.
 */
@Readiness
@ApplicationScoped
public class VectorStoreReadiness implements HealthCheck {

    @Inject
    IndexerConfig config;

    @Inject
    Instance<ProjectorStoreHealth> health;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("vector-store");
        if (!config.projector().enabled()) {
            return response.up().withData("projector", "disabled").build();
        }
        StoreHealth kept = health.get().get();
        StoreHealth.Snapshot state = kept.snapshot();
        response.withData("store", kept.location()).withData("since", state.since().toString());
        if (!state.up()) {
            response.withData("error", state.reason());
        }
        return response.status(state.up()).build();
    }
}
