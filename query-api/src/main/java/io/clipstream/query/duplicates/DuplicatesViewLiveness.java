package io.clipstream.query.duplicates;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Down when the follower of the duplicates topic gave up (a failure no retry cures), so the replica is restarted. */
@Liveness
@ApplicationScoped
public class DuplicatesViewLiveness implements HealthCheck {

    @Inject
    DuplicatesView view;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("duplicates-view").status(view.alive()).build();
    }
}
