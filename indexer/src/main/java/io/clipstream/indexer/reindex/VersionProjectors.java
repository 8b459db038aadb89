package io.clipstream.indexer.reindex;

import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.indexer.config.KafkaClients;
import io.clipstream.indexer.project.ProjectedVersion;
import io.clipstream.indexer.project.ProjectionMeters;
import io.clipstream.indexer.project.ProjectionOutputs;
import io.clipstream.indexer.project.ProjectorGroup;
import io.clipstream.indexer.project.RetryingStore;
import io.clipstream.indexer.project.StoreHealth;
import io.clipstream.indexer.project.VersionAdapter;
import io.clipstream.indexer.project.VersionProjection;
import io.clipstream.indexer.publish.DeadLetters;
import io.clipstream.indexer.publish.StatusEvents;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.store.VectorStore;
import io.clipstream.versions.VersionRetirement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * Keeps one {@link VersionProjector} running for every published version other than the base projector's, and
 * cleans up after retired ones. Level-triggered: {@link #reconcile} is handed the whole state of the models topic
 * each time, so a replay after a reconnect or a restart converges to the same projectors.
 */
@ApplicationScoped
public class VersionProjectors {

    private static final Logger LOG = Logger.getLogger(VersionProjectors.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    IndexerConfig config;

    @Inject
    VectorStore store;

    @Inject
    StoreHealth health;

    @Inject
    DeadLetters deadLetters;

    @Inject
    StatusEvents status;

    @Inject
    AdapterRegistry registry;

    @Inject
    MeterRegistry meters;

    @Inject
    KafkaClients kafka;

    private record Running(VersionProjector projector, ProjectionMeters projectionMeters, List<Meter> meters) {
    }

    /** A retirement not done yet: the store or Kafka failed, or the alias still points at the collection. */
    private static final class Pending {
        long dueNanos = System.nanoTime();
        long backoffMs;

        Pending(long backoffMs) {
            this.backoffMs = backoffMs;
        }
    }

    private final Map<Integer, Running> running = new ConcurrentHashMap<>();
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
                start(version);
            }
        }
        for (int version : List.copyOf(running.keySet())) {
            if (!published.contains(version)) {
                stop(version);
            }
        }
        for (int version : retired) {
            if (retiredSeen.add(version)) {
                if (builtHere(version)) {
                    retiring.put(version, new Pending(config.reindex().retryInitialBackoffMs()));
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
    public List<VersionProjector.Status> statuses() {
        return running.values().stream().map(r -> r.projector().status())
                .sorted(Comparator.comparingInt(VersionProjector.Status::version)).toList();
    }

    /** False when a projector's thread died while it should run. */
    public boolean threadsAlive() {
        return running.values().stream().allMatch(r -> r.projector().isHealthy());
    }

    /** Stops every projector (each commits nothing unacknowledged) and releases the admin client. */
    public synchronized void stopAll() throws InterruptedException {
        running.values().forEach(r -> r.projector().stop());
        for (int version : List.copyOf(running.keySet())) {
            stop(version);
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

    private void start(int version) {
        String modelId = config.model().id();
        ProjectionMeters projectionMeters = ProjectionMeters.reindex(meters, version);
        VersionProjection projection = new VersionProjection(ProjectedVersion.beside(modelId, version),
                new VersionAdapter(registry, modelId, version), store,
                new RetryingStore(health, config.projector().retryInitialBackoffMs(),
                        config.projector().retryMaxBackoffMs()),
                ProjectionOutputs.of(deadLetters, status, "project-v" + version), projectionMeters);
        IndexerConfig.Reindex reindex = config.reindex();
        VersionProjector.Settings settings = new VersionProjector.Settings(
                config.topics().embeddings(modelId), ProjectorGroup.of(modelId, version), reindex.maxPollRecords(),
                reindex.sessionTimeoutMs(), reindex.retryInitialBackoffMs(), reindex.retryMaxBackoffMs());
        VersionProjector.Failures failures = new VersionProjector.Failures(failures(version, "adapters"),
                failures(version, "batch"));
        VersionProjector projector = new VersionProjector(projection, kafka.with(Map.of()), settings, failures);
        Gauge lag = Gauge.builder("clipstream.reindex.lag", projector, p -> lagOf(p.status()))
                .tag("version", Integer.toString(version))
                .description("Embeddings-log records of this replica's partitions a version projector has not "
                        + "projected yet (NaN while unknown)")
                .register(meters);
        running.put(version, new Running(projector, projectionMeters, List.of(failures.adapters(),
                failures.batches(), lag)));
        projector.start();
    }

    private Counter failures(int version, String kind) {
        return Counter.builder("clipstream.reindex.failures").tag("version", Integer.toString(version))
                .tag("kind", kind).description("Version projector failures: adapters that did not load, batches "
                        + "that failed and are consumed again").register(meters);
    }

    private static double lagOf(VersionProjector.Status status) {
        return status.lag() < 0 ? Double.NaN : status.lag();
    }

    private void stop(int version) throws InterruptedException {
        Running r = running.remove(version);
        r.projector().stop();
        if (!r.projector().awaitStopped(STOP_TIMEOUT)) {
            LOG.errorf("version projector v%d did not stop within %s; its uncommitted batch will be consumed again",
                    version, STOP_TIMEOUT);
        }
        r.projectionMeters().removeFrom(meters);
        r.meters().forEach(meters::remove);
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
                LOG.warnf("cannot clean up after retired %s v%d yet, retrying in %d ms: %s", config.model().id(),
                        version, pending.backoffMs, e.getMessage());
                done = false;
            }
            if (done) {
                retiring.remove(version);
            } else {
                pending.dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pending.backoffMs);
                pending.backoffMs = Math.min(config.reindex().retryMaxBackoffMs(), pending.backoffMs * 2);
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
