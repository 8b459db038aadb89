package io.clipstream.trainer.eval;

import java.util.List;

/** Averaged metrics plus each evaluated query's own, in query order (skipped queries left out). */
public record RetrievalResult(RetrievalMetrics metrics, List<QueryMetrics> perQuery) {

    public RetrievalResult {
        perQuery = List.copyOf(perQuery);
    }

    /** The primary metric (nDCG@10) of each evaluated query. */
    public double[] primaryPerQuery() {
        return perQuery.stream().mapToDouble(QueryMetrics::ndcgAt10).toArray();
    }
}
