package io.clipstream.query.version;

import io.clipstream.events.ModelVersionEvent;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.VersionAdapters;
import io.clipstream.store.VectorStore;
import io.clipstream.versions.ModelsState;
import org.jboss.logging.Logger;

/**
 * Makes searches follow the models topic: when the latest ACTIVATED record changes, loads that version's adapters
 * and switches text adapter and collection together. A version whose adapters or collection are missing is
 * refused once (logged, counted) and the current one keeps serving.
 */
final class ActivationApplier {

    private static final Logger LOG = Logger.getLogger(ActivationApplier.class);

    private final ActiveModelHolder holder;
    private final AdapterRegistry registry;
    private final VectorStore store;
    private final Runnable onRefused;
    private ModelVersionEvent applied;

    ActivationApplier(ActiveModelHolder holder, AdapterRegistry registry, VectorStore store, Runnable onRefused) {
        this.holder = holder;
        this.registry = registry;
        this.store = store;
        this.onRefused = onRefused;
    }

    /** Called by the follower after every poll: acts only when the latest activation is a new one. */
    void apply(ModelsState state) {
        ModelVersionEvent event = state.activation().orElse(null);
        if (event == null || event.equals(applied)) {
            return;
        }
        applied = event;
        if (event.version() == holder.current().version()) {
            return;
        }
        try {
            VersionAdapters adapters = registry.load(event.baseModelId(), event.version(), holder.dims());
            if (store.isReachable() && !store.collectionExists(event.collection())) {
                throw new IllegalStateException("collection " + event.collection() + " does not exist");
            }
            holder.switchTo(new ActiveModel(event.baseModelId(), event.version(), event.collection(), adapters,
                    event.time()));
        } catch (RuntimeException e) {
            onRefused.run();
            LOG.errorf("cannot activate %s v%d, staying on v%d: %s", event.baseModelId(), event.version(),
                    holder.current().version(), e.getMessage());
        }
    }
}
