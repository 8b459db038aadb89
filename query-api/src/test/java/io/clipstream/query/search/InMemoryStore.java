package io.clipstream.query.search;

import io.clipstream.model.vector.Vectors;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.filter.Filter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exact cosine search over records held in memory, for unit tests of what the query API does around a store. A
 * filter is recorded, not applied; {@link #refuseFilters} makes the store refuse every filter value.
 */
final class InMemoryStore implements VectorStore {

    final Map<String, Map<String, VectorRecord>> collections = new LinkedHashMap<>();
    final List<Filter> filtersSeen = new ArrayList<>();
    boolean refuseFilters;

    void put(String collection, String id, float[] vector) {
        collections.computeIfAbsent(collection, c -> new LinkedHashMap<>())
                .put(id, new VectorRecord(id, vector, "", "image/jpeg", Map.of(), 0, 0));
    }

    @Override
    public List<SearchHit> search(String collection, float[] vector, int limit, int offset, Filter filter) {
        Map<String, VectorRecord> records = collections.get(collection);
        if (records == null) {
            throw new VectorStoreException("collection " + collection + " does not exist", false, null);
        }
        if (!filter.isNone()) {
            if (refuseFilters) {
                throw new IllegalArgumentException("this store cannot represent that value");
            }
            filtersSeen.add(filter);
        }
        return records.values().stream()
                .map(r -> new SearchHit(r.id(), Vectors.dot(vector, r.vector()), r.url(), r.contentType(),
                        r.metadata(), r.eventTimeMs()))
                .sorted(Comparator.comparingDouble(SearchHit::similarity).reversed())
                .skip(offset).limit(limit).toList();
    }

    @Override
    public List<VectorRecord> get(String collection, Collection<String> ids) {
        Map<String, VectorRecord> records = collections.getOrDefault(collection, Map.of());
        return ids.stream().map(records::get).filter(r -> r != null).toList();
    }

    @Override
    public boolean collectionExists(String collection) {
        return collections.containsKey(collection);
    }

    @Override
    public void ensureCollection(CollectionSpec spec) {
        collections.computeIfAbsent(spec.name(), c -> new LinkedHashMap<>());
    }

    @Override
    public List<String> listCollections() {
        return List.copyOf(collections.keySet());
    }

    @Override
    public boolean isReachable() {
        return true;
    }

    @Override
    public void dropCollection(String collection) {
        throw new UnsupportedOperationException();
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
    public long count(String collection) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<String> allIds(String collection) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void pointAlias(String alias, String collection) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> aliasTarget(String alias) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
