package io.clipstream.versions;

import io.clipstream.kafka.naming.Names;

import io.clipstream.events.ModelVersionEvent;
import io.clipstream.events.ModelVersionEvent.ReindexTarget;
import io.clipstream.model.adapter.AdapterLoadException;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorStore;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The one way a version goes live, for the trainer and the query API alike. The rules: the version is 0 (the base
 * model) or published and not retired; its projector group has committed the embeddings log up to the end offsets
 * recorded at publication; its collection exists and its adapters load. Then the store alias moves, and only then
 * ACTIVATED is written, on which every query API replica switches text adapter and collection together. A
 * rollback activates the version live before the latest activation, under the same rules.
 *
 * <p>Decisions are taken on the models topic read up to its end at the time of the call, so a version retired a
 * moment ago, or published by the caller itself, is seen.
 */
public final class VersionActivation {

    private static final Logger LOG = Logger.getLogger(VersionActivation.class);

    /** What is activated: a base model (of {@code dims} dimensions) behind the store alias searches use. */
    public record Target(String baseModelId, int dims, String alias) {
    }

    private final Target target;
    private final ModelsView models;
    private final ReindexProgress progress;
    private final VectorStore store;
    private final AdapterRegistry registry;
    private final ModelsWriter writer;
    private final Clock clock;
    private final Duration kafkaTimeout;

    public VersionActivation(Target target, ModelsView models, ReindexProgress progress, VectorStore store,
                             AdapterRegistry registry, ModelsWriter writer, Clock clock, Duration kafkaTimeout) {
        this.target = target;
        this.models = models;
        this.progress = progress;
        this.store = store;
        this.registry = registry;
        this.writer = writer;
        this.clock = clock;
        this.kafkaTimeout = kafkaTimeout;
    }

    /**
     * @throws ActivationRefusedException  when a rule refuses the version
     * @throws ModelsUnavailableException  when Kafka did not answer in time; nothing was changed, unless the alias
     *                                     moved and ACTIVATED could not be written (the message says so)
     */
    public ModelVersionEvent activate(int version) throws InterruptedException {
        return activate(models.latest(kafkaTimeout), version);
    }

    /** Activates the version that was live before the latest activation. */
    public ModelVersionEvent rollback() throws InterruptedException {
        ModelsState state = models.latest(kafkaTimeout);
        ModelVersionEvent last = state.activation().orElseThrow(() -> new NothingToRollBackException(
                target.baseModelId() + " was never activated: v0 is live and there is nothing to roll back to"));
        int previous = state.rollbackTarget().orElseThrow(() -> new NothingToRollBackException(
                "the last activation of " + target.baseModelId() + " (v" + last.version()
                        + ") names no previous version"));
        return activate(state, previous);
    }

    /**
     * Checks the rules for {@code version} in {@code state} without changing anything.
     *
     * @throws ActivationRefusedException when one refuses it
     */
    public void check(ModelsState state, int version) throws InterruptedException {
        String model = target.baseModelId();
        if (version < 0) {
            throw refused(version, ActivationRefusedException.Reason.INVALID_VERSION,
                    "version must be 0 or more, got " + version);
        }
        switch (state.standing(version)) {
            case RETIRED -> throw refused(version, ActivationRefusedException.Reason.RETIRED, model + " v" + version
                    + " is retired: no projector feeds its collection any more; published: "
                    + state.published().keySet());
            case UNKNOWN -> throw refused(version, ActivationRefusedException.Reason.NOT_PUBLISHED, model + " v"
                    + version + " is not published; published: " + state.published().keySet());
            case PUBLISHED -> requireCaughtUp(state.published().get(version));
            case BASE -> {
                // The base projector feeds v0 at all times; there is no publication to measure it against.
            }
        }
        String collection = CollectionSpec.nameFor(model, version);
        if (!store.collectionExists(collection)) {
            throw refused(version, ActivationRefusedException.Reason.NO_COLLECTION, "v" + version
                    + " has no collection " + collection + "; it was never built or has been dropped");
        }
        try {
            registry.load(model, version, target.dims());
        } catch (AdapterLoadException e) {
            throw refused(version, ActivationRefusedException.Reason.NO_ADAPTERS, e.getMessage());
        }
    }

    private ModelVersionEvent activate(ModelsState state, int version) throws InterruptedException {
        check(state, version);
        String collection = CollectionSpec.nameFor(target.baseModelId(), version);
        store.pointAlias(target.alias(), collection);
        ModelVersionEvent event = new ModelVersionEvent(ModelVersionEvent.Type.ACTIVATED, target.baseModelId(),
                version, collection, state.activeVersion(), clock.instant());
        try {
            writer.write(event);
        } catch (ModelsUnavailableException e) {
            throw new ModelsUnavailableException("alias " + target.alias() + " points at " + collection
                    + " but ACTIVATED could not be written, so the query API has not switched: activate v" + version
                    + " again (" + e.getMessage() + ")", e);
        }
        LOG.infof("activated %s v%d (was v%d): alias %s -> %s", target.baseModelId(), version, state.activeVersion(),
                target.alias(), collection);
        return event;
    }

    private void requireCaughtUp(ModelVersionEvent published) throws InterruptedException {
        int version = published.version();
        ReindexTarget reindex = published.reindexTarget();
        if (reindex == null) {
            throw refused(version, ActivationRefusedException.Reason.NOT_CAUGHT_UP, "v" + version
                    + " was published without a reindex target (by an older trainer), so whether its collection "
                    + "is complete cannot be told; publish it again");
        }
        String group = Names.projectorGroup(target.baseModelId(), version);
        long remaining = progress.remaining(group, reindex);
        if (remaining > 0) {
            throw refused(version, ActivationRefusedException.Reason.NOT_CAUGHT_UP, "v" + version
                    + " is not reindexed yet: its projector group " + group + " has " + remaining + " of the "
                    + reindex.records() + " records " + reindex.topic() + " held at publication still to project");
        }
    }

    private static ActivationRefusedException refused(int version, ActivationRefusedException.Reason reason,
                                                      String message) {
        return new ActivationRefusedException(version, reason, message);
    }
}
