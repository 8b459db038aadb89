package io.clipstream.query.health;

import io.clipstream.query.version.ActiveModelHolder;
import io.clipstream.query.version.ModelsTopicWatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the models topic has been read, so no search runs on a version that was already replaced. */
@Readiness
@ApplicationScoped
public class ModelsReadiness implements HealthCheck {

    @Inject
    ModelsTopicWatcher watcher;

    @Inject
    ActiveModelHolder active;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("active-model-version")
                .status(watcher.caughtUp())
                .withData("version", active.current().version())
                .build();
    }
}
