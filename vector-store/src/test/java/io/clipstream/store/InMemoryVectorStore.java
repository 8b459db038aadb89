package io.clipstream.store;

import io.clipstream.store.filter.Filter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store held in memory for unit tests of the code around a store: collections, aliases, exact dot-product
 * search (cosine for unit vectors). Filters are recorded in {@link #filtersSeen}, not applied; the contract
 * suite is for the real adapters. Not thread-safe.
 */
public class InMemoryVectorStore implements VectorStore {

    private final Map<String, Map<String, VectorRecord>> collections = new LinkedHashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    public final List<Filter> filtersSeen = new ArrayList<>();

    @Override
    public void ensureCollection(CollectionSpec spec) {
        collections.computeIfAbsent(spec.name(), c -> new LinkedHashMap<>());
    }

    @Override
    public boolean collectionExists(String collection) {
        return collections.containsKey(collection);
    }

    @Override
    public List<String> listCollections() {
        return List.copyOf(collections.keySet());
    }

    @Override
    public void dropCollection(String collection) {
        collections.remove(collection);
    }

    @Override
    public void upsert(String collection, List<VectorRecord> records) {
        Map<String, VectorRecord> rows = rows(collection);
        records.forEach(r -> rows.put(r.id(), r));
    }

    @Override
    public void delete(String collection, Collection<String> ids) {
        ids.forEach(rows(collection)::remove);
    }

    @Override
    public List<VectorRecord> get(String collection, Collection<String> ids) {
        Map<String, VectorRecord> rows = rows(collection);
        return ids.stream().map(rows::get).filter(r -> r != null).toList();
    }

    @Override
    public long count(String collection) {
        return rows(collection).size();
    }

    @Override
    public List<String> allIds(String collection) {
        return List.copyOf(rows(collection).keySet());
    }

    @Override
    public List<SearchHit> search(String collection, float[] vector, int limit, int offset, Filter filter) {
        if (!filter.isNone()) {
            filtersSeen.add(filter);
        }
        return rows(collection).values().stream()
                .map(r -> new SearchHit(r.id(), dot(vector, r.vector()), r.url(), r.contentType(), r.metadata(),
                        r.eventTimeMs()))
                .sorted(Comparator.comparingDouble(SearchHit::similarity).reversed())
                .skip(offset).limit(limit).toList();
    }

    @Override
    public void pointAlias(String alias, String collection) {
        if (!collections.containsKey(collection)) {
            throw VectorStoreException.refused("collection " + collection + " does not exist", null);
        }
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
    public void close() {
    }

    private Map<String, VectorRecord> rows(String collection) {
        Map<String, VectorRecord> rows = collections.get(collection);
        if (rows == null) {
            throw VectorStoreException.refused("collection " + collection + " does not exist", null);
        }
        return rows;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
