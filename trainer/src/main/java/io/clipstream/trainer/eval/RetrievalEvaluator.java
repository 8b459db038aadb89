package io.clipstream.trainer.eval;

import io.clipstream.trainer.compute.ParallelRanges;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ranks the whole catalogue for each query by cosine (exact brute force; unit vectors, so a dot product) and averages
 * {@link RankingMetrics} over the queries. Queries run in blocks of four over the threads; each query's metrics land
 * in its own slot and are averaged in query order, so the result does not depend on the thread count. Equal scores
 * rank by catalogue row.
 */
public final class RetrievalEvaluator {

    private static final int BLOCK = 4;

    private final ParallelRanges parallel;

    public RetrievalEvaluator(ParallelRanges parallel) {
        this.parallel = parallel;
    }

    /**
     * @param queryVectors must hold every query's text
     * @param catalogue the images ranked; relevant images missing from it are ignored, and queries left without any
     *                  are skipped (counted in {@link RetrievalMetrics#skippedQueries()})
     */
    public RetrievalMetrics evaluate(List<EvalQuery> queries, VectorTable queryVectors, VectorTable catalogue) {
        return evaluateEach(queries, queryVectors, catalogue).metrics();
    }

    /** Like {@link #evaluate}, keeping every query's metrics. */
    public RetrievalResult evaluateEach(List<EvalQuery> queries, VectorTable queryVectors, VectorTable catalogue) {
        if (queryVectors.dims() != catalogue.dims() && !queries.isEmpty()) {
            throw new IllegalArgumentException("query vectors are " + queryVectors.dims() + "-d, catalogue "
                    + catalogue.dims() + "-d");
        }
        List<Judged> judged = new ArrayList<>();
        int skipped = 0;
        for (EvalQuery query : queries) {
            int row = queryVectors.row(query.text());
            if (row < 0) {
                throw new IllegalArgumentException("no vector for query '" + query.text() + "'");
            }
            Judged j = Judged.of(row, query.gains(), catalogue);
            if (j == null) {
                skipped++;
            } else {
                judged.add(j);
            }
        }
        QueryMetrics[] results = new QueryMetrics[judged.size()];
        int blocks = (judged.size() + BLOCK - 1) / BLOCK;
        long work = (long) BLOCK * catalogue.size() * catalogue.dims();
        parallel.forEach(blocks, work, (from, to) -> {
            double[] scores = new double[BLOCK * catalogue.size()];
            double[] block = new double[BLOCK * catalogue.dims()];
            for (int b = from; b < to; b++) {
                int first = b * BLOCK;
                int count = Math.min(BLOCK, judged.size() - first);
                for (int q = 0; q < count; q++) {
                    float[] v = queryVectors.data();
                    int offset = judged.get(first + q).queryRow * queryVectors.dims();
                    for (int j = 0; j < catalogue.dims(); j++) {
                        block[q * catalogue.dims() + j] = v[offset + j];
                    }
                }
                score(block, count, catalogue, scores);
                for (int q = 0; q < count; q++) {
                    results[first + q] = judged.get(first + q).metrics(scores, q * catalogue.size(), catalogue.size());
                }
            }
        });
        List<QueryMetrics> perQuery = Arrays.asList(results);
        return new RetrievalResult(RetrievalMetrics.average(perQuery, skipped), perQuery);
    }

    /**
     * The mean nDCG@10 a uniformly random ordering of {@code catalogue} would score on {@code queries} (their
     * relevant images outside the catalogue ignored, queries left without any skipped, as in {@link #evaluate}).
     * A ranking that merely scrambles the base model reaches about this.
     */
    public static double chanceNdcg(List<EvalQuery> queries, java.util.Set<String> catalogue) {
        double sum = 0;
        int n = 0;
        for (EvalQuery query : queries) {
            double[] gains = query.gains().entrySet().stream().filter(e -> catalogue.contains(e.getKey()))
                    .mapToDouble(Map.Entry::getValue).toArray();
            if (gains.length > 0) {
                sum += RankingMetrics.chanceNdcg(gains, catalogue.size());
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** {@code scores[q * n + i] = query q . image i}; each catalogue value is loaded once for the whole block. */
    private static void score(double[] block, int count, VectorTable catalogue, double[] scores) {
        float[] data = catalogue.data();
        int d = catalogue.dims();
        int n = catalogue.size();
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int j = 0; j < d; j++) {
                double x = data[o + j];
                s0 += block[j] * x;
                s1 += block[d + j] * x;
                s2 += block[2 * d + j] * x;
                s3 += block[3 * d + j] * x;
            }
            scores[i] = s0;
            if (count > 1) {
                scores[n + i] = s1;
            }
            if (count > 2) {
                scores[2 * n + i] = s2;
            }
            if (count > 3) {
                scores[3 * n + i] = s3;
            }
        }
    }

    /** A query with its relevant images resolved to catalogue rows. */
    private record Judged(int queryRow, int[] relevantRows, double[] relevantGains) {

        static Judged of(int queryRow, Map<String, Double> gains, VectorTable catalogue) {
            int[] rows = new int[gains.size()];
            double[] values = new double[gains.size()];
            int n = 0;
            for (Map.Entry<String, Double> gain : gains.entrySet()) {
                int row = catalogue.row(gain.getKey());
                if (row >= 0) {
                    rows[n] = row;
                    values[n++] = gain.getValue();
                }
            }
            return n == 0 ? null : new Judged(queryRow, Arrays.copyOf(rows, n), Arrays.copyOf(values, n));
        }

        QueryMetrics metrics(double[] scores, int offset, int n) {
            int[] top = new int[RankingMetrics.DEPTH];
            int filled = 0;
            for (int i = 0; i < n; i++) {
                double s = scores[offset + i];
                if (filled == top.length && s <= scores[offset + top[filled - 1]]) {
                    continue;
                }
                // Insert after every entry scoring at least as high: equal scores keep catalogue order.
                int at = Math.min(filled, top.length - 1);
                while (at > 0 && scores[offset + top[at - 1]] < s) {
                    top[at] = top[at - 1];
                    at--;
                }
                top[at] = i;
                filled = Math.min(filled + 1, top.length);
            }
            double[] topGains = new double[filled];
            for (int r = 0; r < filled; r++) {
                topGains[r] = gainOf(top[r]);
            }
            int best = relevantRows[0];
            for (int row : relevantRows) {
                double s = scores[offset + row];
                double b = scores[offset + best];
                if (s > b || (s == b && row < best)) {
                    best = row;
                }
            }
            double bestScore = scores[offset + best];
            int ahead = 0;
            for (int i = 0; i < n; i++) {
                double s = scores[offset + i];
                if (s > bestScore || (s == bestScore && i < best)) {
                    ahead++;
                }
            }
            return RankingMetrics.score(topGains, relevantGains, ahead + 1);
        }

        private double gainOf(int row) {
            for (int i = 0; i < relevantRows.length; i++) {
                if (relevantRows[i] == row) {
                    return relevantGains[i];
                }
            }
            return 0;
        }
    }
}
