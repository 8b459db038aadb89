package io.clipstream.store.lucene;

import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.IOUtils;

/**
 * One collection: a Lucene index in its own folder, with one writer and a searcher manager over it. Every write
 * commits before it returns, which is what makes it acknowledged: a caller commits its Kafka offsets next, so
 * the write must survive a crash. The searcher is then refreshed, so reads see every acknowledged write.
 */
final class CollectionIndex implements Closeable {

    /** Commit user data: the vector dimension, known even while the collection is empty. */
    static final String DIMS = "clipstream.dims";
    /**
     * Commit user data: the text fields, comma-separated (keys hold no comma). A collection created before text
     * fields existed has none, and so no keyword search.
     */
    static final String TEXT_FIELDS = "clipstream.text-fields";

    private final String name;
    private final int dims;
    private final List<String> textFields;
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final NearestNeighbours neighbours;

    private CollectionIndex(String name, int dims, List<String> textFields, FSDirectory directory,
                            IndexWriter writer, SearcherManager searchers, NearestNeighbours neighbours) {
        this.name = name;
        this.dims = dims;
        this.textFields = textFields;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.neighbours = neighbours;
    }

    /**
     * Opens the index in {@code folder}, creating it with {@code dimsIfNew} when there is none.
     *
     * @param dimsIfNew the dimension of a new collection; 0 to only open an existing one
     * @param textFieldsIfNew the text fields of a new collection; an existing one keeps its own
     */
    static CollectionIndex open(Path folder, String name, int dimsIfNew, List<String> textFieldsIfNew,
                                NearestNeighbours neighbours) throws IOException {
        FSDirectory directory = FSDirectory.open(folder);
        IndexWriter writer = null;
        try {
            IndexWriterConfig config = new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64);
            writer = new IndexWriter(directory, config);
            int dims = Integer.parseInt(commitData(writer, DIMS, "0"));
            List<String> textFields = split(commitData(writer, TEXT_FIELDS, ""));
            if (dims == 0) {
                if (dimsIfNew == 0) {
                    throw new IOException("folder " + folder + " holds no collection: its dimension is unknown");
                }
                dims = dimsIfNew;
                textFields = List.copyOf(textFieldsIfNew);
                writer.setLiveCommitData(Map.of(DIMS, Integer.toString(dims),
                        TEXT_FIELDS, String.join(",", textFields)).entrySet());
                writer.commit();
            }
            SearcherManager searchers = new SearcherManager(writer, null);
            return new CollectionIndex(name, dims, textFields, directory, writer, searchers, neighbours);
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileHandlingException(writer, directory);
            throw e;
        }
    }

    /** Whether {@code folder} holds a committed collection, which every finished creation leaves. */
    static boolean exists(Path folder) throws IOException {
        try (FSDirectory directory = FSDirectory.open(folder)) {
            return DirectoryReader.indexExists(directory);
        }
    }

    private static String commitData(IndexWriter writer, String key, String absent) {
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            for (Map.Entry<String, String> e : data) {
                if (e.getKey().equals(key)) {
                    return e.getValue();
                }
            }
        }
        return absent;
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    String name() {
        return name;
    }

    int dims() {
        return dims;
    }

    /** The text fields it was created with; empty for a collection without keyword search. */
    List<String> textFields() {
        return textFields;
    }

    /** Replaces or adds each record by id, then commits; a later record with the same id wins. */
    void upsert(List<VectorRecord> records) throws IOException {
        List<Document> documents = new ArrayList<>(records.size());
        for (VectorRecord r : records) {
            checkDims(r.vector(), "record " + r.id());
            documents.add(RecordDocuments.toDocument(r, textFields));
        }
        for (int i = 0; i < records.size(); i++) {
            writer.updateDocument(RecordDocuments.idTerm(records.get(i).id()), documents.get(i));
        }
        commit();
    }

    void delete(Collection<String> ids) throws IOException {
        writer.deleteDocuments(ids.stream().map(RecordDocuments::idTerm).toArray(Term[]::new));
        commit();
    }

    /**
     * Makes the writes so far durable and visible. Writers on several threads may commit at once: Lucene runs
     * one commit at a time, and a commit that finds another already wrote its changes has little left to do.
     */
    private void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    List<VectorRecord> get(Collection<String> ids) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            StoredFields fields = searcher.storedFields();
            List<VectorRecord> out = new ArrayList<>();
            for (String id : ids) {
                TopDocs found = searcher.search(new TermQuery(RecordDocuments.idTerm(id)), 1);
                if (found.scoreDocs.length > 0) {
                    out.add(RecordDocuments.toRecord(fields.document(found.scoreDocs[0].doc)));
                }
            }
            return out;
        } finally {
            searchers.release(searcher);
        }
    }

    long count() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            searchers.release(searcher);
        }
    }

    List<String> allIds() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            List<String> ids = new ArrayList<>();
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                StoredFields fields = leaf.reader().storedFields();
                Bits live = leaf.reader().getLiveDocs();
                for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                    if (live == null || live.get(doc)) {
                        ids.add(fields.document(doc, Set.of(RecordDocuments.ID)).get(RecordDocuments.ID));
                    }
                }
            }
            return ids;
        } finally {
            searchers.release(searcher);
        }
    }

    /** Hits {@code offset + 1} to {@code offset + limit} among the documents {@code filter} keeps. */
    List<SearchHit> search(float[] vector, int limit, int offset, Query filter) throws IOException {
        checkDims(vector, "the query vector");
        float[] query = Vectors.normalised(vector);
        IndexSearcher searcher = searchers.acquire();
        try {
            return neighbours.search(searcher, query, limit, offset, filter);
        } finally {
            searchers.release(searcher);
        }
    }

    /** Hits {@code offset + 1} to {@code offset + limit} by BM25 among the documents {@code filter} keeps. */
    List<SearchHit> keywordSearch(KeywordRanking keywords, String text, int limit, int offset, Query filter)
            throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return keywords.search(searcher, text, limit, offset, filter);
        } finally {
            searchers.release(searcher);
        }
    }

    private void checkDims(float[] vector, String what) {
        if (vector.length != dims) {
            throw new IllegalArgumentException(what + " has " + vector.length + " dimensions; collection " + name
                    + " holds " + dims);
        }
    }

    /** Closes writer and readers; the writer commits on close, though every acknowledged write already is. */
    @Override
    public void close() throws IOException {
        IOUtils.close(searchers, writer, directory);
    }
}
