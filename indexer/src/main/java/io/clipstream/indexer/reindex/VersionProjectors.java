package io.clipstream.indexer.reindex;

import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.indexer.project.ProjectedVersion;
import io.clipstream.indexer.project.ProjectorRuntime;
import io.clipstream.indexer.project.ProjectorRuntimes;
import io.clipstream.indexer.project.VersionAdapter;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.kafka.retry.RetryState;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.store.VectorStore;
import io.clipstream.versions.VersionRetirement;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * Keeps one {@link ProjectorRuntime} running for every published version other than the configured projector's
 * (the same runtime, built by {@link ProjectorRuntimes}), and cleans up after retired ones. Level-triggered:
 * {@link #reconcile} is handed the whole state of the models topic each time, so a replay after a reconnect or a
 * restart converges to the same projectors.
 */
@ApplicationScoped
public class VersionProjectors {

    private static final Logger LOG = Logger.getLogger(VersionProjectors.class);

    @Inject
    IndexerConfig config;

    @Inject
    VectorStore store;

    @Inject
    AdapterRegistry registry;

    @Inject
    ProjectorRuntimes runtimes;

    @Inject
    KafkaClientFactory kafka;

    /** A retirement not done yet: the store or Kafka failed, or the alias still points at the collection. */
    private static final class Pending {
        final RetryState retries;
        long dueNanos = System.nanoTime();

        Pending(Backoff backoff) {
            this.retries = new RetryState(backoff, 0);
        }
    }

    private final Map<Integer, ProjectorRuntimes.Running> running = new ConcurrentHashMap<>();
    private final Map<Integer, Pending> retiring = new TreeMap<>();
    private final Set<Integer> retiredSeen = new HashSet<>();
    private final Set<Integer> notBuiltHereWarned = new HashSet<>();
    private Admin admin;
    private VersionRetirement retirement;

    /**
     * Starts projectors of published versions, stops those of versions that are no longer published and retires
     * them, and retries retirements that are due. Called by the models follower only.
     */
    public synchronized void reconcile(SortedSet<Integer> published, SortedSet<Integer> retired)
            throws InterruptedException {
        for (int version : published) {
            if (builtHere(version) && !running.containsKey(version)) {
                retiring.remove(version);
                retiredSeen.remove(version);
                String modelId = config.model().id();
                running.put(version, runtimes.start(ProjectedVersion.beside(modelId, version),
                        new VersionAdapter(registry, modelId, version)));
            }
        }
        for (int version : List.copyOf(running.keySet())) {
            if (!published.contains(version)) {
                runtimes.stop(running.remove(version));
            }
        }
        for (int version : retired) {
            if (retiredSeen.add(version)) {
                if (builtHere(version)) {
                    retiring.put(version, new Pending(Backoff.ofMillis(config.reindex().retryInitialBackoffMs(),
                            config.reindex().retryMaxBackoffMs())));
                } else if (notBuiltHereWarned.add(version)) {
                    LOG.warnf("%s v%d is retired in the models topic, but this indexer projects it as its base "
                            + "version (clipstream.projector.version) or it is the base model: left alone",
                            config.model().id(), version);
                }
            }
        }
        retireDue();
    }

    /** The version projectors of this replica, by version. */
    public List<ProjectorRuntime.Status> statuses() {
        return running.values().stream().map(r -> r.runtime().status())
                .sorted(Comparator.comparingInt(ProjectorRuntime.Status::version)).toList();
    }

    /** False when a projector's thread ended while it should run. */
    public boolean threadsAlive() {
        return running.values().stream().allMatch(r -> r.runtime().isHealthy());
    }

    /** Stops every projector (each commits nothing unacknowledged) and releases the admin client. */
    public synchronized void stopAll() throws InterruptedException {
        running.values().forEach(r -> r.runtime().stop());
        for (int version : List.copyOf(running.keySet())) {
            runtimes.stop(running.remove(version));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
            retirement = null;
        }
    }

    private boolean builtHere(int version) {
        return version > 0 && version != config.projector().version();
    }

    private void retireDue() throws InterruptedException {
        if (retiring.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Map.Entry<Integer, Pending> entry : new ArrayList<>(retiring.entrySet())) {
            Pending pending = entry.getValue();
            if (now - pending.dueNanos < 0) {
                continue;
            }
            int version = entry.getKey();
            boolean done;
            try {
                done = retirement().retire(version);
            } catch (RuntimeException e) {
                if (pending.retries.failures() == 0) {
                    LOG.warnf("cannot clean up after retired %s v%d yet, retrying with backoff: %s",
                            config.model().id(), version, e.getMessage());
                }
                done = false;
            }
            if (done) {
                retiring.remove(version);
            } else {
                pending.retries.failed();
                pending.dueNanos = System.nanoTime() + pending.retries.nextDelay().toNanos();
            }
        }
    }

    private VersionRetirement retirement() {
        if (retirement == null) {
            admin = kafka.admin("clipstream-reindex-admin-" + config.model().id());
            retirement = new VersionRetirement(store, admin, config.model().id(), config.projector().alias());
        }
        return retirement;
    }
}
