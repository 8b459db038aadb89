package io.clipstream.indexer.health;

import io.clipstream.indexer.project.ProjectorRuntime;
import io.clipstream.indexer.project.ProjectorStage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Lists every projector of this replica, the configured one and the published versions' (state, records
 * projected, lag, last error). Down while one cannot make progress (its adapters do not load, its batches fail,
 * it died), so that it gets looked at; a store outage is reported by the vector-store check.
 */
@Readiness
@ApplicationScoped
public class ProjectorReadiness implements HealthCheck {

    private static final Set<ProjectorRuntime.State> STUCK = Set.of(ProjectorRuntime.State.FAILING,
            ProjectorRuntime.State.WAITING_FOR_ADAPTERS, ProjectorRuntime.State.DIED);

    @Inject
    ProjectorStage projectors;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("projectors");
        boolean up = true;
        for (ProjectorRuntime.Status s : projectors.statuses()) {
            String v = "v" + s.version();
            response.withData(v, s.state() + ", " + s.recordsProjected() + " records projected, lag "
                    + (s.lag() < 0 ? "unknown" : Long.toString(s.lag())));
            if (s.lastError() != null) {
                response.withData(v + "-last-error", s.lastErrorTime() + " " + s.lastError());
            }
            up &= !STUCK.contains(s.state());
        }
        return response.status(up).build();
    }
}
