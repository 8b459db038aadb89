package io.clipstream.indexer.health;

import io.clipstream.indexer.reindex.ModelVersions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down only if the models follower thread died while it should run: it retries every failure itself, so a dead
 * thread means something no retry fixes, and a restart is the remedy. Projectors: {@link ProjectorLiveness}.
 */
@Liveness
@ApplicationScoped
public class ReindexLiveness implements HealthCheck {

    @Inject
    ModelVersions versions;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("reindex-threads")
                .status(versions.threadAlive()).build();
    }
}
