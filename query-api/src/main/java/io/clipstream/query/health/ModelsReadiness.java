package io.clipstream.query.health;

import io.clipstream.query.version.ActiveModelHolder;
import io.clipstream.query.version.QueryModelVersions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the models topic has been read, so no search runs on a version that was already replaced. */
@Readiness
@ApplicationScoped
public class ModelsReadiness implements HealthCheck {

    @Inject
    QueryModelVersions versions;

    @Inject
    ActiveModelHolder active;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("active-model-version")
                .status(versions.caughtUp())
                .withData("version", active.current().version());
        var status = versions.status();
        if (status != null) {
            response.withData("models-topic", status.topic() + ": " + status.phase());
            if (status.lastError() != null) {
                response.withData("models-topic-last-error", status.lastErrorTime() + " " + status.lastError());
            }
        }
        return response.build();
    }
}
