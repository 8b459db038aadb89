package io.clipstream.store.lucene;

import io.clipstream.store.SearchHit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * Ranks documents by cosine similarity to a unit query vector. A collection of up to {@code exactMaxDocs}
 * documents is scanned exactly: with SIMD dot products a scan of 10k 512-d vectors takes about 3 ms, no more than
 * a graph search that finds 94% of the true neighbours, and the answer is the true ranking. A larger collection is
 * searched on Lucene's HNSW graphs, which with a filter fall back to an exact scan by themselves when the filter
 * keeps few documents. The full ranking orders equal similarities by id, so pages are deterministic.
 */
final class NearestNeighbours {

    /**
     * The graph search looks for at least this many candidates, whatever the page: pages that end within them
     * come from one candidate list and so join up without repeats or gaps, as they do on an exact scan. On 10k
     * random 512-d unit vectors, the worst case for a graph, 100 candidates found 55% of the true top 10 and 400
     * found 94%, in about 2 ms.
     */
    static final int MIN_CANDIDATES = 400;

    private final int exactMaxDocs;

    NearestNeighbours(int exactMaxDocs) {
        this.exactMaxDocs = exactMaxDocs;
    }

    /** A document and its cosine similarity; the id is read only where similarities tie. */
    private record Scored(int doc, double similarity) {
    }

    List<SearchHit> search(IndexSearcher searcher, float[] unitQuery, int limit, int offset, Query filter)
            throws IOException {
        int wanted = Math.addExact(offset, limit);
        if (limit == 0) {
            return List.of();
        }
        Query kept = filter instanceof MatchAllDocsQuery ? null : filter;
        List<Scored> ranked = searcher.getIndexReader().numDocs() <= exactMaxDocs
                ? exact(searcher, unitQuery, kept, wanted)
                : approximate(searcher, unitQuery, Math.max(wanted, MIN_CANDIDATES), kept);
        StoredFields fields = searcher.storedFields();
        ranked = breakTiesById(ranked, wanted, fields);
        List<SearchHit> hits = new ArrayList<>();
        for (int i = offset; i < Math.min(wanted, ranked.size()); i++) {
            Scored s = ranked.get(i);
            hits.add(RecordDocuments.toHit(RecordDocuments.hitFields(fields, s.doc()), s.similarity()));
        }
        return hits;
    }

    /**
     * The documents the filter keeps that rank within the first {@code wanted}, ties at the cut included, scored
     * against their stored unit vectors; best first.
     */
    private static List<Scored> exact(IndexSearcher searcher, float[] query, Query filter, int wanted)
            throws IOException {
        Weight filterWeight = filter == null ? null
                : searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
        int[] docs = new int[searcher.getIndexReader().numDocs()];
        double[] similarities = new double[docs.length];
        int count = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FloatVectorValues vectors = leaf.reader().getFloatVectorValues(RecordDocuments.VECTOR);
            if (vectors == null) {
                continue;
            }
            KnnVectorValues.DocIndexIterator withVector = vectors.iterator();
            DocIdSetIterator candidates = withVector;
            if (filterWeight != null) {
                Scorer passing = filterWeight.scorer(leaf);
                if (passing == null) {
                    continue;
                }
                candidates = passing.iterator();
            }
            Bits live = leaf.reader().getLiveDocs();
            for (int doc = candidates.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = candidates.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                if (withVector.docID() < doc) {
                    withVector.advance(doc);
                }
                if (withVector.docID() == doc) {
                    docs[count] = leaf.docBase + doc;
                    similarities[count] = Vectors.cosineOfUnits(query, vectors.vectorValue(withVector.index()));
                    count++;
                }
            }
        }
        // A primitive sort finds the cut; only the documents above it become objects to rank.
        double cut = Double.NEGATIVE_INFINITY;
        if (count > wanted) {
            double[] sorted = Arrays.copyOf(similarities, count);
            Arrays.sort(sorted);
            cut = sorted[count - wanted];
        }
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (similarities[i] >= cut) {
                scored.add(new Scored(docs[i], similarities[i]));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::similarity).reversed());
        return scored;
    }

    /**
     * The best {@code candidates} documents on the HNSW graphs. On unit vectors Lucene's dot-product score is
     * {@code (1 + cos) / 2}; it is turned back into the cosine.
     */
    private static List<Scored> approximate(IndexSearcher searcher, float[] query, int candidates, Query filter)
            throws IOException {
        TopDocs top = searcher.search(new KnnFloatVectorQuery(RecordDocuments.VECTOR, query, candidates, filter),
                candidates);
        List<Scored> scored = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc d : top.scoreDocs) {
            scored.add(new Scored(d.doc, Math.max(-1.0, Math.min(1.0, 2.0 * d.score - 1.0))));
        }
        return scored;
    }

    /**
     * Orders each run of equal similarities, best first already, by id, and cuts the list at {@code wanted}. Ids
     * are read only for runs that reach into the first {@code wanted} places.
     */
    private static List<Scored> breakTiesById(List<Scored> ranked, int wanted, StoredFields fields)
            throws IOException {
        List<Scored> out = new ArrayList<>(Math.min(wanted, ranked.size()));
        int start = 0;
        while (start < ranked.size() && out.size() < wanted) {
            int end = start + 1;
            while (end < ranked.size() && ranked.get(end).similarity() == ranked.get(start).similarity()) {
                end++;
            }
            List<Scored> run = ranked.subList(start, end);
            if (run.size() > 1) {
                List<String> ids = new ArrayList<>(run.size());
                for (Scored s : run) {
                    ids.add(fields.document(s.doc(), Set.of(RecordDocuments.ID)).get(RecordDocuments.ID));
                }
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < run.size(); i++) {
                    order.add(i);
                }
                order.sort(Comparator.comparing(ids::get));
                for (int i : order) {
                    out.add(run.get(i));
                }
            } else {
                out.add(run.getFirst());
            }
            start = end;
        }
        return out.size() > wanted ? out.subList(0, wanted) : out;
    }
}
