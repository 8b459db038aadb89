package io.clipstream.indexer.health;

import io.clipstream.indexer.duplicates.DuplicatesStage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down when the duplicates stage's thread ended while it should run (as for the projectors it shares a runtime with)
 * or its follower of the dismissals topic gave up.
 */
@Liveness
@ApplicationScoped
public class DuplicatesLiveness implements HealthCheck {

    @Inject
    DuplicatesStage stage;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("duplicates").status(stage.healthy()).build();
    }
}
