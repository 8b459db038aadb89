package io.clipstream.indexer.project;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import io.clipstream.store.filter.Filter;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A real store behind a test's own behaviour: subclasses override the calls they watch or break. */
public abstract class DelegatingStore implements VectorStore {

    protected final VectorStore delegate;

    protected DelegatingStore(VectorStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void ensureCollection(CollectionSpec spec) {
        delegate.ensureCollection(spec);
    }

    @Override
    public boolean collectionExists(String collection) {
        return delegate.collectionExists(collection);
    }

    @Override
    public List<String> listCollections() {
        return delegate.listCollections();
    }

    @Override
    public void dropCollection(String collection) {
        delegate.dropCollection(collection);
    }

    @Override
    public void upsert(String collection, List<VectorRecord> records) {
        delegate.upsert(collection, records);
    }

    @Override
    public void delete(String collection, Collection<String> ids) {
        delegate.delete(collection, ids);
    }

    @Override
    public List<VectorRecord> get(String collection, Collection<String> ids) {
        return delegate.get(collection, ids);
    }

    @Override
    public long count(String collection) {
        return delegate.count(collection);
    }

    @Override
    public List<String> allIds(String collection) {
        return delegate.allIds(collection);
    }

    @Override
    public List<SearchHit> search(String collection, float[] vector, int limit, int offset, Filter filter) {
        return delegate.search(collection, vector, limit, offset, filter);
    }

    @Override
    public void pointAlias(String alias, String collection) {
        delegate.pointAlias(alias, collection);
    }

    @Override
    public Optional<String> aliasTarget(String alias) {
        return delegate.aliasTarget(alias);
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public boolean isReachable() {
        return delegate.isReachable();
    }

    /** The delegate belongs to the test. */
    @Override
    public void close() {
    }
}
