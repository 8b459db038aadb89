package io.clipstream.indexer.health;

import io.clipstream.indexer.reindex.ModelVersions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down only if the models follower gave up (an error no retry cures, such as refused credentials): it retries
 * everything else itself, so a restart is the remedy. Projectors: {@link ProjectorLiveness}.
 */
@Liveness
@ApplicationScoped
public class ReindexLiveness implements HealthCheck {

    @Inject
    ModelVersions versions;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("reindex-threads")
                .status(versions.alive()).build();
    }
}
