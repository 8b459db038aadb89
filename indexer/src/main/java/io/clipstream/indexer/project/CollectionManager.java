package io.clipstream.indexer.project;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorStore;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Creates this projector's collection on first use, with the dimension of the first vector it sees. Only the
 * configured base projector passes an alias: it points the live alias at its collection when no alias exists yet.
 * Every other version takes the alias only on activation, which is not the indexer's job.
 */
public final class CollectionManager {

    private static final Logger LOG = Logger.getLogger(CollectionManager.class);

    private final VectorStore store;
    private final String collection;
    private final Optional<String> aliasWhenNone;
    private final List<String> textFields;
    private volatile int dims;

    /** @param aliasWhenNone the alias to point at this collection if it does not exist yet; empty never touches one */
    public CollectionManager(VectorStore store, String collection, Optional<String> aliasWhenNone) {
        this(store, collection, aliasWhenNone, List.of());
    }

    /** @param textFields metadata keys a new collection indexes for keyword search; an existing one keeps its own */
    public CollectionManager(VectorStore store, String collection, Optional<String> aliasWhenNone,
                             List<String> textFields) {
        this.store = store;
        this.collection = collection;
        this.aliasWhenNone = aliasWhenNone;
        this.textFields = List.copyOf(textFields);
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
        store.ensureCollection(new CollectionSpec(collection, vectorDims, textFields));
        if (aliasWhenNone.isPresent() && store.aliasTarget(aliasWhenNone.get()).isEmpty()) {
            store.pointAlias(aliasWhenNone.get(), collection);
            LOG.infof("alias %s now points at %s", aliasWhenNone.get(), collection);
        }
        dims = vectorDims;
    }

    /** Forgets that the collection exists, so that the next {@link #ensure} checks (and creates) it again. */
    public void forget() {
        dims = 0;
    }
}
