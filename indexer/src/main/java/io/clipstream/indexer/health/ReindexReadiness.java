package io.clipstream.indexer.health;

import io.clipstream.indexer.reindex.ModelVersions;
import io.clipstream.indexer.reindex.VersionProjector;
import io.clipstream.indexer.reindex.VersionProjectors;
import io.clipstream.versions.ModelsFollower;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Lists the version projectors (state, records projected, lag, last error). Down while one cannot make progress
 * (its adapters do not load, its batches fail) or the models topic cannot be read, so that it gets looked at; the
 * base projector goes on meanwhile.
 */
@Readiness
@ApplicationScoped
public class ReindexReadiness implements HealthCheck {

    @Inject
    ModelVersions versions;

    @Inject
    VersionProjectors projectors;

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
        for (VersionProjector.Status s : projectors.statuses()) {
            String v = "v" + s.version();
            response.withData(v, s.state() + ", " + s.recordsProjected() + " records projected, lag "
                    + (s.lag() < 0 ? "unknown" : Long.toString(s.lag())));
            if (s.lastError() != null) {
                response.withData(v + "-last-error", s.lastErrorTime() + " " + s.lastError());
            }
            up &= s.state() != VersionProjector.State.FAILING
                    && s.state() != VersionProjector.State.WAITING_FOR_ADAPTERS
                    && s.state() != VersionProjector.State.DIED;
        }
        return response.status(up).build();
    }
}
