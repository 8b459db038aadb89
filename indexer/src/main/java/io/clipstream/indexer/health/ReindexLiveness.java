package io.clipstream.indexer.health;

import io.clipstream.indexer.reindex.ModelVersions;
import io.clipstream.indexer.reindex.VersionProjectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down only if the models follower or a version projector thread died while it should run: both retry every
 * failure themselves, so a dead thread means something no retry fixes, and a restart is the remedy.
 */
@Liveness
@ApplicationScoped
public class ReindexLiveness implements HealthCheck {

    @Inject
    ModelVersions versions;

    @Inject
    VersionProjectors projectors;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("reindex-threads")
                .status(versions.threadAlive() && projectors.threadsAlive()).build();
    }
}
