package io.clipstream.indexer.project;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorStore;
import org.jboss.logging.Logger;

/**
 * Creates this projector's collection on first use, with the dimension of the first vector it sees, and points
 * the live alias at it when no alias exists yet (a later model version takes the alias only on activation).
 */
public final class CollectionManager {

    private static final Logger LOG = Logger.getLogger(CollectionManager.class);

    private final VectorStore store;
    private final String collection;
    private final String alias;
    private volatile int dims;

    public CollectionManager(VectorStore store, String collection, String alias) {
        this.store = store;
        this.collection = collection;
        this.alias = alias;
    }

    public String collection() {
        return collection;
    }

    /** The collection's dimension once it is known to exist, else 0. */
    public int dims() {
        return dims;
    }

    /** Makes sure the collection exists for vectors of {@code vectorDims}; idempotent. */
    public void ensure(int vectorDims) {
        if (dims > 0) {
            return;
        }
        store.ensureCollection(new CollectionSpec(collection, vectorDims));
        if (store.aliasTarget(alias).isEmpty()) {
            store.pointAlias(alias, collection);
            LOG.infof("alias %s now points at %s", alias, collection);
        }
        dims = vectorDims;
    }
}
