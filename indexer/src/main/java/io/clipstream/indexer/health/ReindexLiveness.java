package io.clipstream.indexer.health;

import io.clipstream.indexer.reindex.ModelVersions;
import io.clipstream.indexer.reindex.VersionProjectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down only if the models follower gave up (an error no retry cures, such as refused credentials) or a version
 * projector thread died while it should run: both retry everything else themselves, so a restart is the remedy.
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
                .status(versions.alive() && projectors.threadsAlive()).build();
    }
}
