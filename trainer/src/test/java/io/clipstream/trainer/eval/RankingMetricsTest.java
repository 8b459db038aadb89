package io.clipstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    private static final List<String> RANKING = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");

    @Test
    void gradedGainsWithARelevantImageBelowTheTopTen() {
        // Relevant: b (gain 2) at rank 2, e (gain 1) at rank 5, k (gain 3) at rank 11.
        QueryMetrics m = RankingMetrics.score(RANKING, Map.of("b", 2.0, "e", 1.0, "k", 3.0));

        assertThat(m.recallAt1()).isEqualTo(0.0);                     // a is not relevant
        assertThat(m.recallAt5()).isCloseTo(2 / 3.0, within(1e-12));  // b, e of min(3, 5)
        assertThat(m.recallAt10()).isCloseTo(2 / 3.0, within(1e-12)); // k is 11th
        assertThat(m.reciprocalRank()).isEqualTo(0.5);                // first relevant at rank 2
        // DCG = 2/log2(3) + 1/log2(6) = 1.2618595 + 0.3868528 = 1.6487123
        // IDCG = 3/log2(2) + 2/log2(3) + 1/log2(4) = 3 + 1.2618595 + 0.5 = 4.7618595
        assertThat(m.ndcgAt10()).isCloseTo(1.6487123 / 4.7618595, within(1e-7)); // 0.3462329
    }

    @Test
    void chanceIsTheMeanOverEveryOrdering() {
        // Seven images, two relevant (gains 2 and 1): the mean nDCG@10 over all 5,040 orderings, counted out.
        List<String> images = List.of("a", "b", "c", "d", "e", "f", "g");
        Map<String, Double> gains = Map.of("c", 2.0, "f", 1.0);
        double[] sum = {0};
        int[] count = {0};
        permute(new java.util.ArrayList<>(images), 0, ordering -> {
            sum[0] += RankingMetrics.score(ordering, gains).ndcgAt10();
            count[0]++;
        });

        assertThat(count[0]).isEqualTo(5040);
        assertThat(RankingMetrics.chanceNdcg(new double[] {2.0, 1.0}, 7)).isCloseTo(sum[0] / count[0], within(1e-12));
        // In a large catalogue chance is about |relevant| / N when every relevant image has the same gain.
        assertThat(RankingMetrics.chanceNdcg(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 1000))
                .isCloseTo(0.01, within(1e-12));
    }

    private static void permute(List<String> items, int from, java.util.function.Consumer<List<String>> visit) {
        if (from == items.size()) {
            visit.accept(items);
            return;
        }
        for (int i = from; i < items.size(); i++) {
            java.util.Collections.swap(items, from, i);
            permute(items, from + 1, visit);
            java.util.Collections.swap(items, from, i);
        }
    }

    @Test
    void aPerfectSingleHitScoresOneEverywhere() {
        QueryMetrics m = RankingMetrics.score(RANKING, Map.of("a", 0.7));
        assertThat(m).isEqualTo(new QueryMetrics(1, 1, 1, 1, 1));
    }

    @Test
    void recallDividesByTheCutoffWhenThereAreMoreRelevantImages() {
        // 12 relevant images of gain 1; the top 10 holds 7 of them (ranks 1, 2, 4, 5, 6, 8, 10), the rest lie below.
        List<String> ranking = List.of("r1", "r2", "x1", "r3", "r4", "r5", "x2", "r6", "x3", "r7",
                "r8", "r9", "r10", "r11", "r12");
        Map<String, Double> gains = new java.util.HashMap<>();
        for (int i = 1; i <= 12; i++) {
            gains.put("r" + i, 1.0);
        }
        QueryMetrics m = RankingMetrics.score(ranking, gains);

        assertThat(m.recallAt1()).isEqualTo(1.0);
        assertThat(m.recallAt5()).isEqualTo(4 / 5.0);   // r1, r2, r3, r4 of min(12, 5)
        assertThat(m.recallAt10()).isEqualTo(7 / 10.0); // min(12, 10) = 10
        // DCG = sum of 1/log2(r+1) over r in {1,2,4,5,6,8,10} = 3.4091960; IDCG = the same over r = 1..10 = 4.5435593
        assertThat(m.ndcgAt10()).isCloseTo(3.4091960 / 4.5435593, within(1e-7)); // 0.7503360
    }

    @Test
    void nothingRelevantRankedGivesZeros() {
        QueryMetrics m = RankingMetrics.score(RANKING, Map.of("zz", 1.0));
        assertThat(m).isEqualTo(new QueryMetrics(0, 0, 0, 0, 0));
    }

    @Test
    void metricsAverageOverQueries() {
        RetrievalMetrics average = RetrievalMetrics.average(List.of(new QueryMetrics(1, 1, 1, 1, 1),
                new QueryMetrics(0, 0.5, 0.5, 0.25, 0.4)), 3);
        assertThat(average).isEqualTo(new RetrievalMetrics(2, 3, 0.5, 0.75, 0.75, 0.625, 0.7));
        assertThat(average.primary()).isEqualTo(0.7);
    }
}
