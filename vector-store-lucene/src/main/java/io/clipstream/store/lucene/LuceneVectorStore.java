package io.clipstream.store.lucene;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.VectorStoreException.Kind;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.keyword.KeywordSearchUnsupportedException;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.util.IOUtils;
import org.jboss.logging.Logger;

/**
 * The store port embedded in this JVM, on disk: each collection is a Lucene index with HNSW vectors in
 * {@code collections/<name>/} under the store's directory, and the aliases are {@code aliases.json} beside it.
 * Reopening the directory finds every acknowledged write.
 *
 * <p>Reads and writes of records run concurrently (Lucene's writer and searchers are thread-safe); creating,
 * dropping, aliasing and closing wait for them and run alone. Like Milvus Lite, dropping a collection also drops
 * the aliases that point at it, so no alias is left dangling.
 */
public final class LuceneVectorStore implements VectorStore {

    private static final Logger LOG = Logger.getLogger(LuceneVectorStore.class);

    /** Collections up to this size are searched exactly; see {@link NearestNeighbours}. */
    static final int EXACT_SEARCH_MAX_DOCS = 20_000;

    /** The deepest rank a search may reach, as on Milvus (its top-k limit): each rank costs memory. */
    static final int MAX_RANK = 16_384;

    private final Path directory;
    private final Path collectionsDir;
    private final Path droppedDir;
    private final AliasFile aliasFile;
    private final NearestNeighbours neighbours;
    private final KeywordRanking keywords = new KeywordRanking(new StandardAnalyzer());
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, CollectionIndex> collections = new HashMap<>();
    private final Map<String, String> aliases;
    private boolean closed;

    private LuceneVectorStore(Path directory, NearestNeighbours neighbours) throws IOException {
        this.directory = directory;
        this.collectionsDir = directory.resolve("collections");
        this.droppedDir = directory.resolve("dropped");
        this.aliasFile = new AliasFile(directory.resolve("aliases.json"));
        this.neighbours = neighbours;
        Files.createDirectories(collectionsDir);
        // A drop that a crash interrupted finishes here.
        IOUtils.rm(droppedDir);
        this.aliases = new TreeMap<>(aliasFile.read());
        try (Stream<Path> folders = Files.list(collectionsDir)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                String name = folder.getFileName().toString();
                if (!CollectionIndex.exists(folder)) {
                    LOG.warnf("removing %s: a collection whose creation did not finish", folder);
                    IOUtils.rm(folder);
                    continue;
                }
                collections.put(name, CollectionIndex.open(folder, name, 0, List.of(), neighbours));
            }
        } catch (IOException | RuntimeException e) {
            closeAll();
            throw e;
        }
    }

    /** Opens the store in {@code directory}, creating the directory if it does not exist. */
    public static LuceneVectorStore open(Path directory) {
        return open(directory, EXACT_SEARCH_MAX_DOCS);
    }

    /** A store that searches collections of up to {@code exactSearchMaxDocs} documents exactly. */
    static LuceneVectorStore open(Path directory, int exactSearchMaxDocs) {
        try {
            LuceneVectorStore store = new LuceneVectorStore(directory, new NearestNeighbours(exactSearchMaxDocs));
            LOG.infof("opened Lucene vector store in %s: %d collections, %d aliases", directory,
                    store.collections.size(), store.aliases.size());
            return store;
        } catch (IOException e) {
            throw new VectorStoreException(Kind.UNAVAILABLE, "Lucene: cannot open the store in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void ensureCollection(CollectionSpec spec) {
        String name = spec.name();
        exclusive("create collection " + name, () -> {
            CollectionIndex existing = collections.get(name);
            if (existing != null) {
                if (existing.dims() != spec.dims()) {
                    throw refused("collection " + name + " exists with " + existing.dims() + " dimensions, not "
                            + spec.dims());
                }
                if (!existing.textFields().equals(spec.textFields())) {
                    LOG.warnf("collection %s keeps the text fields it was created with, %s, not %s: records already "
                            + "written are indexed by those; a new model version (a replay) takes the new ones",
                            name, existing.textFields(), spec.textFields());
                }
                return null;
            }
            if (aliases.containsKey(name)) {
                throw refused("collection name " + name + " is already an alias");
            }
            collections.put(name, CollectionIndex.open(collectionsDir.resolve(name), name, spec.dims(),
                    spec.textFields(), neighbours));
            LOG.infof("created Lucene collection %s (%d-d, HNSW, cosine; text fields %s)", name, spec.dims(),
                    spec.textFields());
            return null;
        });
    }

    @Override
    public boolean collectionExists(String collection) {
        return shared("look up collection " + collection,
                () -> collections.containsKey(collection) || resolvesToCollection(collection));
    }

    private boolean resolvesToCollection(String alias) {
        String target = aliases.get(alias);
        return target != null && collections.containsKey(target);
    }

    @Override
    public List<String> listCollections() {
        return shared("list collections", () -> collections.keySet().stream().sorted().toList());
    }

    @Override
    public void dropCollection(String collection) {
        exclusive("drop collection " + collection, () -> {
            CollectionIndex index = collections.remove(collection);
            if (index == null) {
                return null;
            }
            Map<String, String> remaining = new TreeMap<>(aliases);
            remaining.values().removeIf(collection::equals);
            if (remaining.size() != aliases.size()) {
                aliasFile.write(remaining);
                aliases.keySet().retainAll(remaining.keySet());
            }
            index.close();
            // Moved aside first, so that a crash while deleting never leaves half an index among the collections.
            Files.createDirectories(droppedDir);
            Path aside = droppedDir.resolve(collection);
            Files.move(collectionsDir.resolve(collection), aside, StandardCopyOption.ATOMIC_MOVE);
            IOUtils.rm(aside);
            LOG.infof("dropped Lucene collection %s", collection);
            return null;
        });
    }

    @Override
    public void upsert(String collection, List<VectorRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        shared("upsert " + records.size() + " records into " + collection, () -> {
            index(collection).upsert(records);
            return null;
        });
    }

    @Override
    public void delete(String collection, Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        shared("delete " + ids.size() + " records from " + collection, () -> {
            index(collection).delete(ids);
            return null;
        });
    }

    @Override
    public List<VectorRecord> get(String collection, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return shared("get " + ids.size() + " records from " + collection, () -> index(collection).get(ids));
    }

    @Override
    public long count(String collection) {
        return shared("count records of " + collection, () -> index(collection).count());
    }

    @Override
    public List<String> allIds(String collection) {
        return shared("list ids of " + collection, () -> index(collection).allIds());
    }

    @Override
    public List<SearchHit> search(String collection, float[] vector, int limit, int offset, Filter filter) {
        if (limit < 0 || offset < 0 || (long) limit + offset > MAX_RANK) {
            throw refused("search " + collection + ": limit and offset must not be negative and reach at most rank "
                    + MAX_RANK + ", got " + limit + " and " + offset);
        }
        // Compiled first: a value no query can hold is the caller's error, as on the Milvus adapter.
        Query query = LuceneFilterCompiler.compile(filter);
        return shared("search " + collection, () -> index(collection).search(vector, limit, offset, query));
    }

    @Override
    public boolean supportsKeywordSearch(String collection) {
        return shared("look up collection " + collection, () -> !index(collection).textFields().isEmpty());
    }

    @Override
    public List<SearchHit> keywordSearch(String collection, String text, int limit, int offset, Filter filter) {
        if (limit < 0 || offset < 0 || (long) limit + offset > MAX_RANK) {
            throw refused("keyword search " + collection + ": limit and offset must not be negative and reach at "
                    + "most rank " + MAX_RANK + ", got " + limit + " and " + offset);
        }
        Query query = LuceneFilterCompiler.compile(filter);
        return shared("keyword search " + collection, () -> {
            CollectionIndex index = index(collection);
            if (index.textFields().isEmpty()) {
                throw new KeywordSearchUnsupportedException(collection, "collection " + collection
                        + " was created without text fields, so it has no keyword index");
            }
            return index.keywordSearch(keywords, text, limit, offset, query);
        });
    }

    @Override
    public void pointAlias(String alias, String collection) {
        exclusive("point alias " + alias + " at " + collection, () -> {
            if (!collections.containsKey(collection)) {
                throw refused("collection " + collection + " does not exist");
            }
            if (collections.containsKey(alias)) {
                throw refused("alias " + alias + " is already the name of a collection");
            }
            Map<String, String> next = new TreeMap<>(aliases);
            next.put(alias, collection);
            aliasFile.write(next);
            aliases.put(alias, collection);
            return null;
        });
    }

    @Override
    public Optional<String> aliasTarget(String alias) {
        return shared("describe alias " + alias, () -> Optional.ofNullable(aliases.get(alias)));
    }

    @Override
    public String location() {
        return "Lucene " + directory;
    }

    @Override
    public boolean isReachable() {
        lock.readLock().lock();
        try {
            return !closed;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes every collection; their writes are all committed already. Closing twice does nothing. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeAll();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Lucene: cannot close the store cleanly", e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void closeAll() throws IOException {
        List<CollectionIndex> open = new ArrayList<>(collections.values());
        collections.clear();
        IOUtils.close(open);
    }

    /** The collection {@code name} names, directly or through an alias; the caller holds the lock. */
    private CollectionIndex index(String name) {
        CollectionIndex index = collections.get(name);
        if (index != null) {
            return index;
        }
        String target = aliases.get(name);
        if (target == null) {
            throw refused("collection " + name + " does not exist");
        }
        index = collections.get(target);
        if (index == null) {
            throw refused("alias " + name + " points at collection " + target + ", which does not exist");
        }
        return index;
    }

    private interface Action<T> {
        T run() throws IOException;
    }

    private <T> T shared(String what, Action<T> action) {
        lock.readLock().lock();
        try {
            return run(what, action);
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T exclusive(String what, Action<T> action) {
        lock.writeLock().lock();
        try {
            return run(what, action);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Runs {@code action} on an open store. Requests the store will refuse again (an unknown collection, a
     * vector of the wrong dimension) are {@link Kind#REFUSED}; I/O failures are {@link Kind#UNAVAILABLE}, as are a
     * writer that a failure closed (its acknowledged writes are on disk, and a restart of the process reopens it)
     * and a store closed under a caller that is still stopping: neither says anything about the caller's records.
     */
    private <T> T run(String what, Action<T> action) {
        if (closed) {
            throw new VectorStoreException(Kind.UNAVAILABLE, "Lucene: cannot " + what + ": the store is closed",
                    null);
        }
        try {
            return action.run();
        } catch (VectorStoreException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw VectorStoreException.refused("Lucene: cannot " + what + ": " + e.getMessage(), e);
        } catch (IOException | AlreadyClosedException e) {
            throw new VectorStoreException(Kind.UNAVAILABLE, "Lucene: cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private static VectorStoreException refused(String message) {
        return VectorStoreException.refused("Lucene: " + message, null);
    }
}
