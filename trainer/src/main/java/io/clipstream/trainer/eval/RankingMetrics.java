package io.clipstream.trainer.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Per-query ranking metrics. {@code recall@k = |relevant in top k| / min(|relevant|, k)}, so a query with fewer
 * relevant images than k can still reach 1; MRR uses the first relevant image's rank in the whole ranking; nDCG@10
 * sums {@code gain / log2(rank + 1)} over the top 10 and divides by the same sum for the gains sorted best first.
 */
public final class RankingMetrics {

    public static final int DEPTH = 10;

    private RankingMetrics() {
    }

    /** Metrics of a complete ranking (best first) of image ids against graded gains; unknown ids have gain 0. */
    public static QueryMetrics score(List<String> ranking, Map<String, Double> gains) {
        int depth = Math.min(DEPTH, ranking.size());
        double[] topGains = new double[depth];
        for (int i = 0; i < depth; i++) {
            topGains[i] = gains.getOrDefault(ranking.get(i), 0.0);
        }
        int first = 0;
        for (int i = 0; i < ranking.size() && first == 0; i++) {
            if (gains.getOrDefault(ranking.get(i), 0.0) > 0) {
                first = i + 1;
            }
        }
        double[] relevantGains = gains.values().stream().mapToDouble(Double::doubleValue).filter(g -> g > 0)
                .toArray();
        return score(topGains, relevantGains, first);
    }

    /**
     * @param topGains gains of the top {@value #DEPTH} (or fewer) ranked images, best first, 0 when not relevant
     * @param relevantGains gains of all relevant images, in any order
     * @param firstRelevantRank 1-based rank of the best-ranked relevant image, 0 when none is ranked
     */
    static QueryMetrics score(double[] topGains, double[] relevantGains, int firstRelevantRank) {
        int relevant = relevantGains.length;
        if (relevant == 0) {
            throw new IllegalArgumentException("a query without relevant images has no metrics");
        }
        int hits1 = 0;
        int hits5 = 0;
        int hits10 = 0;
        double dcg = 0;
        for (int i = 0; i < Math.min(DEPTH, topGains.length); i++) {
            if (topGains[i] > 0) {
                hits1 += i < 1 ? 1 : 0;
                hits5 += i < 5 ? 1 : 0;
                hits10++;
                dcg += topGains[i] / log2(i + 2);
            }
        }
        double[] ideal = relevantGains.clone();
        Arrays.sort(ideal);
        double idcg = 0;
        for (int i = 0; i < Math.min(DEPTH, ideal.length); i++) {
            idcg += ideal[ideal.length - 1 - i] / log2(i + 2);
        }
        return new QueryMetrics(hits1 / (double) Math.min(relevant, 1), hits5 / (double) Math.min(relevant, 5),
                hits10 / (double) Math.min(relevant, DEPTH), firstRelevantRank > 0 ? 1.0 / firstRelevantRank : 0,
                dcg / idcg);
    }

    /**
     * The expected nDCG@10 of a uniformly random ordering of {@code catalogueSize} images: every position holds
     * each image with probability 1/N, so the expected DCG is the mean gain per image times the summed discounts.
     */
    public static double chanceNdcg(double[] relevantGains, int catalogueSize) {
        if (relevantGains.length == 0 || catalogueSize < relevantGains.length) {
            throw new IllegalArgumentException("need relevant images within the catalogue, got "
                    + relevantGains.length + " of " + catalogueSize);
        }
        double total = 0;
        for (double gain : relevantGains) {
            total += gain;
        }
        double discounts = 0;
        for (int i = 0; i < Math.min(DEPTH, catalogueSize); i++) {
            discounts += 1 / log2(i + 2);
        }
        double[] ideal = relevantGains.clone();
        Arrays.sort(ideal);
        double idcg = 0;
        for (int i = 0; i < Math.min(DEPTH, ideal.length); i++) {
            idcg += ideal[ideal.length - 1 - i] / log2(i + 2);
        }
        return total / catalogueSize * discounts / idcg;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
