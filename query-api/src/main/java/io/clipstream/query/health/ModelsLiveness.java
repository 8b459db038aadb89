package io.clipstream.query.health;

import io.clipstream.query.version.QueryModelVersions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down once the models follower gave up (an error no retry cures, such as refused credentials): this replica
 * would never switch versions again, and a restart is the remedy. Failures it retries only take readiness down.
 */
@Liveness
@ApplicationScoped
public class ModelsLiveness implements HealthCheck {

    @Inject
    QueryModelVersions versions;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("models-follower").status(versions.alive()).build();
    }
}
