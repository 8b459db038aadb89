package io.clipstream.indexer.health;

import io.clipstream.indexer.reindex.ModelVersions;
import io.clipstream.versions.ModelsFollower;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Down while the models topic cannot be read, so that it gets looked at; the projectors go on meanwhile (they are
 * listed by {@link ProjectorReadiness}).
 */
@Readiness
@ApplicationScoped
public class ReindexReadiness implements HealthCheck {

    @Inject
    ModelVersions versions;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("reindex");
        if (!versions.enabled()) {
            return response.up().withData("reindex", "disabled").build();
        }
        ModelsFollower.Status follower = versions.status();
        if (follower == null) {
            return response.down().withData("models-topic", "not started yet").build();
        }
        boolean up = follower.failuresInARow() == 0 && follower.phase() != ModelsFollower.Phase.DIED;
        response.withData("models-topic", follower.topic() + ": " + follower.phase());
        if (follower.lastError() != null) {
            response.withData("models-topic-last-error", follower.lastErrorTime() + " " + follower.lastError());
        }
        return response.status(up).build();
    }
}
