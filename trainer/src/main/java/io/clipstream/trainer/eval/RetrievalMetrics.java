package io.clipstream.trainer.eval;

import java.util.List;

/**
 * Retrieval quality averaged over queries (each query counts once).
 *
 * @param queries queries evaluated
 * @param skippedQueries queries left out because none of their relevant images is in the catalogue
 * @param recallAt1 mean of |relevant in top 1| / min(|relevant|, 1); likewise at 5 and 10
 * @param mrr mean reciprocal rank of the first relevant image in the whole catalogue's ranking
 * @param ndcgAt10 mean normalised discounted cumulative gain of the top 10 (graded gains, log2 discount); the
 *                 primary metric
 */
public record RetrievalMetrics(int queries, int skippedQueries, double recallAt1, double recallAt5,
                               double recallAt10, double mrr, double ndcgAt10) {

    /** The metric that model selection and the gate compare: nDCG@10. */
    public double primary() {
        return ndcgAt10;
    }

    public static RetrievalMetrics average(List<QueryMetrics> perQuery, int skipped) {
        int n = perQuery.size();
        if (n == 0) {
            return new RetrievalMetrics(0, skipped, 0, 0, 0, 0, 0);
        }
        double r1 = 0;
        double r5 = 0;
        double r10 = 0;
        double rr = 0;
        double ndcg = 0;
        for (QueryMetrics q : perQuery) {
            r1 += q.recallAt1();
            r5 += q.recallAt5();
            r10 += q.recallAt10();
            rr += q.reciprocalRank();
            ndcg += q.ndcgAt10();
        }
        return new RetrievalMetrics(n, skipped, r1 / n, r5 / n, r10 / n, rr / n, ndcg / n);
    }
}
