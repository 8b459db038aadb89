package io.clipstream.trainer.models;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Down once the models follower gave up (an error no retry cures): no version decision can be taken any more. */
@Liveness
@ApplicationScoped
public class TrainerModelsLiveness implements HealthCheck {

    @Inject
    TrainerModelVersions versions;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("trainer-models-follower").status(versions.alive()).build();
    }
}
