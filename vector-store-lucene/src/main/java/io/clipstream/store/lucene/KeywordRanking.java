package io.clipstream.store.lucene;

import io.clipstream.store.SearchHit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.QueryBuilder;

/**
 * Ranks documents by BM25 (Lucene's default similarity) of a text against their {@link RecordDocuments#TEXT}
 * field, any word matching. Equal scores are ordered by id, as vector rankings are, so pages join up.
 */
final class KeywordRanking {

    private final QueryBuilder queries;

    KeywordRanking(Analyzer analyzer) {
        this.queries = new QueryBuilder(analyzer);
    }

    List<SearchHit> search(IndexSearcher searcher, String text, int limit, int offset, Query filter)
            throws IOException {
        Query words = queries.createBooleanQuery(RecordDocuments.TEXT, text == null ? "" : text);
        if (limit == 0 || words == null) {
            // No word survives the analyzer (blank, punctuation only): nothing can match.
            return List.of();
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder().add(words, BooleanClause.Occur.MUST);
        if (!(filter instanceof MatchAllDocsQuery)) {
            query.add(filter, BooleanClause.Occur.FILTER);
        }
        int wanted = Math.addExact(offset, limit);
        ScoreDoc[] top = tiesIncluded(searcher, query.build(), wanted);
        StoredFields fields = searcher.storedFields();
        String[] ids = new String[top.length];
        for (int i = 0; i < top.length; i++) {
            ids[i] = fields.document(top[i].doc, Set.of(RecordDocuments.ID)).get(RecordDocuments.ID);
        }
        Integer[] order = new Integer[top.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -top[i].score).thenComparing(i -> ids[i]));
        List<SearchHit> hits = new ArrayList<>();
        for (int i = offset; i < Math.min(wanted, order.length); i++) {
            ScoreDoc d = top[order[i]];
            hits.add(RecordDocuments.toHit(RecordDocuments.hitFields(fields, d.doc), d.score));
        }
        return hits;
    }

    /** The first {@code wanted} documents and every one that ties with the last of them. */
    private static ScoreDoc[] tiesIncluded(IndexSearcher searcher, Query query, int wanted) throws IOException {
        int n = Math.max(1, wanted);
        while (true) {
            ScoreDoc[] top = searcher.search(query, n).scoreDocs;
            if (top.length < n || top[n - 1].score < top[Math.min(wanted, n) - 1].score
                    || n >= LuceneVectorStore.MAX_RANK * 2) {
                return top;
            }
            n *= 2;
        }
    }
}
