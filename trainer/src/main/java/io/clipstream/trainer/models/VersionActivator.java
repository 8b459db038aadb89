package io.clipstream.trainer.models;

import io.clipstream.events.ModelVersionEvent;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorStore;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Makes a built version live: checks that its collection exists and its adapters load, points the store alias at
 * the collection, then writes ACTIVATED, on which every query API replica switches text adapter and collection
 * together. Rollback is the activation of the version that was active before.
 */
public final class VersionActivator {

    private static final Logger LOG = Logger.getLogger(VersionActivator.class);

    private final String baseModelId;
    private final int dims;
    private final String alias;
    private final VectorStore store;
    private final AdapterRegistry registry;
    private final ModelsLog models;
    private final Clock clock;

    public VersionActivator(String baseModelId, int dims, String alias, VectorStore store, AdapterRegistry registry,
                            ModelsLog models, Clock clock) {
        this.baseModelId = baseModelId;
        this.dims = dims;
        this.alias = alias;
        this.store = store;
        this.registry = registry;
        this.models = models;
        this.clock = clock;
    }

    public ModelVersionEvent activate(int version) {
        if (version < 0) {
            throw new IllegalArgumentException("version must be 0 or more, got " + version);
        }
        ModelsState state = models.read(baseModelId);
        if (version > 0 && !state.published().containsKey(version)) {
            throw new IllegalArgumentException(baseModelId + " v" + version + " is not published"
                    + (state.retired().contains(version) ? " any more (retired)" : "")
                    + "; published: " + state.published().keySet());
        }
        String collection = CollectionSpec.nameFor(baseModelId, version);
        if (!store.collectionExists(collection)) {
            throw new IllegalStateException("v" + version + " has no collection " + collection
                    + " (its reindex has not started, or it was dropped)");
        }
        registry.load(baseModelId, version, dims);
        store.pointAlias(alias, collection);
        ModelVersionEvent event = new ModelVersionEvent(ModelVersionEvent.Type.ACTIVATED, baseModelId, version,
                collection, state.activeVersion(), clock.instant());
        models.write(event);
        LOG.infof("activated %s v%d (was v%d): alias %s -> %s", baseModelId, version, state.activeVersion(), alias,
                collection);
        return event;
    }

    /** Activates the version that was active before the current one. */
    public ModelVersionEvent rollback() {
        ModelsState state = models.read(baseModelId);
        ModelVersionEvent current = state.activation().orElseThrow(() -> new IllegalStateException(
                baseModelId + " has never been activated: v0 is live and there is nothing to roll back to"));
        if (current.previousVersion() == null) {
            throw new IllegalStateException("the activation of " + baseModelId + " v" + current.version()
                    + " names no previous version");
        }
        return activate(current.previousVersion());
    }
}
