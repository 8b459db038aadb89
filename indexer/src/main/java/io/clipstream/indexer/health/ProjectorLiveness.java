package io.clipstream.indexer.health;

import io.clipstream.indexer.project.ProjectorStage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down when a projector's thread ended while it should run (it died, gave up after too many failed batches in a
 * row, or was interrupted): it retries what can be retried itself, so a dead one needs a restart of the process.
 */
@Liveness
@ApplicationScoped
public class ProjectorLiveness implements HealthCheck {

    @Inject
    ProjectorStage projectors;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("projectors").status(projectors.healthy()).build();
    }
}
