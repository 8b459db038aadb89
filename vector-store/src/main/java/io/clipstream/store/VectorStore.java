package io.clipstream.store;

import io.clipstream.store.filter.Filter;
import io.clipstream.store.keyword.Fusion;
import io.clipstream.store.keyword.KeywordSearchUnsupportedException;
import io.clipstream.store.keyword.ReciprocalRankFusion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The port to a vector database. Writes return only once the store acknowledged them, so a caller may commit
 * the offsets they came from; every write is an idempotent upsert or delete keyed by image id.
 * Reads see all acknowledged writes. Failures are {@link VectorStoreException}s whose
 * {@link VectorStoreException.Kind kind} says whether a retry can help.
 */
public interface VectorStore extends AutoCloseable {

    /** Creates the collection with its vector index if it does not exist, and makes it searchable. */
    void ensureCollection(CollectionSpec spec);

    boolean collectionExists(String collection);

    List<String> listCollections();

    void dropCollection(String collection);

    /** Inserts or replaces records by id. */
    void upsert(String collection, List<VectorRecord> records);

    /** Removes records by id; absent ids are ignored. */
    void delete(String collection, Collection<String> ids);

    /** The stored records among {@code ids} (absent ones are skipped), vectors included. */
    List<VectorRecord> get(String collection, Collection<String> ids);

    long count(String collection);

    /** Every id in the collection; meant for tests and audits of small collections. */
    List<String> allIds(String collection);

    /** Nearest neighbours by cosine similarity, best first; {@code collection} may be an alias. */
    default List<SearchHit> search(String collection, float[] vector, int limit, int offset) {
        return search(collection, vector, limit, offset, Filter.NONE);
    }

    /**
     * Nearest neighbours among the records that pass {@code filter}, best first. Hits {@code offset + 1} to
     * {@code offset + limit} of the full ranking, so consecutive pages neither repeat nor skip a hit.
     */
    List<SearchHit> search(String collection, float[] vector, int limit, int offset, Filter filter);

    /**
     * The first {@code limit} hits of each of {@code vectors}, in their order: what {@link #search(String, float[],
     * int, int) search(collection, vector, limit, 0)} answers for each, in one request where the store takes
     * several query vectors at once (a server saves a round trip and a scheduling of the search per vector).
     */
    default List<List<SearchHit>> searchEach(String collection, List<float[]> vectors, int limit) {
        List<List<SearchHit>> hits = new ArrayList<>(vectors.size());
        for (float[] vector : vectors) {
            hits.add(search(collection, vector, limit, 0));
        }
        return hits;
    }

    /**
     * Whether {@link #keywordSearch} and {@link #hybridSearch} work on {@code collection}: the store ranks text and
     * the collection was created with text fields ({@link CollectionSpec#textFields()}). Callers check it first;
     * the searches throw {@link KeywordSearchUnsupportedException} where it is false.
     */
    default boolean supportsKeywordSearch(String collection) {
        return false;
    }

    /**
     * Records ranked by BM25 of {@code text} against the collection's text fields, among those that pass
     * {@code filter}, best first, equal scores by id; records without a matching word are not hits. The hit's
     * similarity is the BM25 score. Pages join up as for {@link #search}.
     *
     * @throws KeywordSearchUnsupportedException where {@link #supportsKeywordSearch} is false
     */
    default List<SearchHit> keywordSearch(String collection, String text, int limit, int offset, Filter filter) {
        throw new KeywordSearchUnsupportedException(collection, location() + " has no keyword search");
    }

    /**
     * The vector and keyword rankings of the records that pass {@code filter}, each to {@code fusion.depth()},
     * fused by reciprocal rank ({@link ReciprocalRankFusion}); hits {@code offset + 1} to {@code offset + limit}
     * of the fused ranking, whose similarity is the fused score.
     *
     * @throws KeywordSearchUnsupportedException where {@link #supportsKeywordSearch} is false
     */
    default List<SearchHit> hybridSearch(String collection, float[] vector, String text, Fusion fusion, int limit,
                                         int offset, Filter filter) {
        if (!supportsKeywordSearch(collection)) {
            throw new KeywordSearchUnsupportedException(collection, location() + " has no keyword search on "
                    + collection);
        }
        List<SearchHit> byVector = fusion.vectorWeight() == 0 ? List.of()
                : search(collection, vector, fusion.depth(), 0, filter);
        List<SearchHit> byKeyword = fusion.keywordWeight() == 0 ? List.of()
                : keywordSearch(collection, text, fusion.depth(), 0, filter);
        return ReciprocalRankFusion.page(ReciprocalRankFusion.fuse(byVector, byKeyword, fusion), limit, offset);
    }

    /** Points {@code alias} at {@code collection}, creating the alias or moving it atomically. */
    void pointAlias(String alias, String collection);

    /** The collection an alias points at, if the alias exists. */
    Optional<String> aliasTarget(String alias);

    /** Where the store lives, for logs and health checks (an address or a directory, never credentials). */
    default String location() {
        return getClass().getSimpleName();
    }

    /**
     * Cheap liveness probe: true if the store answers. It returns within the adapter's own short probe deadline
     * (never a write's deadline), so a health check can call it from a background ping; see
     * {@link io.clipstream.store.health.StoreHealth}.
     */
    boolean isReachable();

    @Override
    void close();
}
