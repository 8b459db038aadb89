package io.clipstream.indexer.project;

import io.clipstream.model.adapter.AdapterLoadException;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.EmbeddingAdapter;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The image adapter of one model version, loaded from the registry on the first vector: its size gives the
 * dimension, as it does for the collection, so a projector needs no model of its own. A failed load is not
 * remembered: the next call tries again (the trainer may still be copying the version, or an operator fixing it).
 */
public final class VersionAdapter implements UnaryOperator<float[]> {

    private static final Logger LOG = Logger.getLogger(VersionAdapter.class);

    private final AdapterRegistry registry;
    private final String modelId;
    private final int version;
    private volatile EmbeddingAdapter loaded;

    public VersionAdapter(AdapterRegistry registry, String modelId, int version) {
        this.registry = registry;
        this.modelId = modelId;
        this.version = version;
    }

    /**
     * @throws AdapterLoadException when the version's adapters are missing or malformed; the message names the path
     * @throws IllegalArgumentException when {@code base} does not have the size of the vectors seen first
     */
    @Override
    public float[] apply(float[] base) {
        EmbeddingAdapter adapter = loaded;
        if (adapter == null) {
            adapter = load(base.length);
        }
        return adapter.apply(base);
    }

    private synchronized EmbeddingAdapter load(int dims) {
        if (loaded == null) {
            loaded = registry.load(modelId, version, dims).image();
            LOG.infof("loaded the image adapter of %s v%d (%d-d) from %s", modelId, version, dims,
                    registry.versionDir(modelId, version));
        }
        return loaded;
    }
}
