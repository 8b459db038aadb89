package io.clipstream.query.health;

import io.clipstream.query.config.QueryConfig;
import io.clipstream.query.version.ActiveModelHolder;
import io.clipstream.store.VectorStore;
import io.clipstream.store.health.StoreHealth;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the vector store does not answer: searches would fail with 503. Answers from a background ping
 * with the probe's own short deadline ({@link StoreHealth}), never by calling the store: at once, even during an
 * outage that makes searches wait out their deadline. Pings from start-up on, so that the first probe finds an
 * answer.
 */
@Readiness
@Startup
@ApplicationScoped
public class VectorStoreReadiness implements HealthCheck {

    @Inject
    VectorStore store;

    @Inject
    QueryConfig config;

    @Inject
    ActiveModelHolder active;

    private StoreHealth health;

    @PostConstruct
    void startPinging() {
        health = config.milvus().health(store);
    }

    @PreDestroy
    void stopPinging() {
        health.close();
    }

    @Override
    public HealthCheckResponse call() {
        StoreHealth.Snapshot state = health.snapshot();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("vector-store").status(state.up())
                .withData("collection", active.current().collection())
                .withData("since", state.since().toString());
        if (!state.up()) {
            response.withData("error", state.reason());
        }
        return response.build();
    }
}
