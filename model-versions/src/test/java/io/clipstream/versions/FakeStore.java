package io.clipstream.versions;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import io.clipstream.store.filter.Filter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Collections and aliases only: what activation and retirement touch. Everything else is not expected. */
final class FakeStore implements VectorStore {

    final Set<String> collections = new HashSet<>();
    final Map<String, String> aliases = new HashMap<>();
    /** Called with (alias, collection) before an alias moves. */
    Runnable beforePointAlias = () -> { };

    @Override
    public void ensureCollection(CollectionSpec spec) {
        collections.add(spec.name());
    }

    @Override
    public boolean collectionExists(String collection) {
        return collections.contains(collection);
    }

    @Override
    public List<String> listCollections() {
        return new ArrayList<>(collections);
    }

    @Override
    public void dropCollection(String collection) {
        collections.remove(collection);
    }

    @Override
    public void pointAlias(String alias, String collection) {
        beforePointAlias.run();
        aliases.put(alias, collection);
    }

    @Override
    public Optional<String> aliasTarget(String alias) {
        return Optional.ofNullable(aliases.get(alias));
    }

    @Override
    public boolean isReachable() {
        return true;
    }

    @Override
    public void upsert(String collection, List<VectorRecord> records) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void delete(String collection, Collection<String> ids) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<VectorRecord> get(String collection, Collection<String> ids) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long count(String collection) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<String> allIds(String collection) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<SearchHit> search(String collection, float[] vector, int limit, int offset, Filter filter) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
