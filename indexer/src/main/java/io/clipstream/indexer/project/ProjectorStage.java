package io.clipstream.indexer.project;

import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.indexer.reindex.VersionProjectors;
import io.clipstream.model.adapter.AdapterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The configured projector ({@code clipstream.projector.version}, v0 by default): projects the embeddings log into
 * that version's collection and points the live alias at it if no alias exists yet. It is a
 * {@link ProjectorRuntime} like every published version's, built by {@link ProjectorRuntimes}; health checks see
 * them all here.
 */
@ApplicationScoped
public class ProjectorStage {

    @Inject
    IndexerConfig config;

    @Inject
    ProjectorRuntimes runtimes;

    @Inject
    AdapterRegistry registry;

    @Inject
    VersionProjectors versions;

    private volatile ProjectorRuntimes.Running running;

    // After the topics exist (TopicsBootstrap observes at 500).
    void onStart(@Observes @Priority(650) StartupEvent event) {
        if (!config.projector().enabled()) {
            return;
        }
        String modelId = config.model().id();
        int version = config.projector().version();
        // Version 0 writes the base vectors as the encoder normalised them.
        UnaryOperator<float[]> adapter = version == 0 ? UnaryOperator.identity()
                : new VersionAdapter(registry, modelId, version);
        running = runtimes.start(ProjectedVersion.base(modelId, version, config.projector().alias()), adapter);
    }

    // Before the emitters it sends dead letters and statuses through stop, and before the store closes.
    void onStop(@Observes @Priority(5) ShutdownEvent event) throws InterruptedException {
        ProjectorRuntimes.Running r = running;
        if (r != null) {
            running = null;
            runtimes.stop(r);
        }
    }

    /** Every projector of this replica, the configured one first, then the published versions' by version. */
    public List<ProjectorRuntime.Status> statuses() {
        List<ProjectorRuntime.Status> all = new ArrayList<>();
        ProjectorRuntimes.Running r = running;
        if (r != null) {
            all.add(r.runtime().status());
        }
        all.addAll(versions.statuses());
        return all;
    }

    /** False when a projector's thread ended while it should run. */
    public boolean healthy() {
        ProjectorRuntimes.Running r = running;
        return (r == null || r.runtime().isHealthy()) && versions.threadsAlive();
    }
}
