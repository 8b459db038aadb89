package io.clipstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.trainer.compute.ParallelRanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetrievalEvaluatorTest {

    @Test
    void ranksTheWholeCatalogueByCosine() {
        // Images on the unit circle at 0, 10, ..., 130 degrees; the query at 0 degrees ranks them in that order,
        // except that img-tie duplicates img-3 and ranks right after it (equal scores keep catalogue order).
        Map<String, float[]> catalogue = new LinkedHashMap<>();
        for (int i = 0; i < 14; i++) {
            catalogue.put("img-" + i, angle(10 * i));
        }
        catalogue.put("img-tie", angle(30));
        VectorTable images = VectorTable.of(catalogue);
        VectorTable queries = VectorTable.of(Map.of("q", new float[] {2, 0}));
        // Ranking: img-0, img-1, img-2, img-3, img-tie, img-4, ...
        EvalQuery query = new EvalQuery("q", Map.of("img-tie", 1.0, "img-12", 2.0, "absent", 5.0));
        EvalQuery missing = new EvalQuery("q", Map.of("absent", 1.0));

        try (ParallelRanges parallel = new ParallelRanges(2)) {
            RetrievalMetrics metrics = new RetrievalEvaluator(parallel).evaluate(List.of(query, missing), queries,
                    images);

            List<String> ranking = new ArrayList<>(List.of("img-0", "img-1", "img-2", "img-3", "img-tie"));
            for (int i = 4; i < 14; i++) {
                ranking.add("img-" + i);
            }
            QueryMetrics expected = RankingMetrics.score(ranking, Map.of("img-tie", 1.0, "img-12", 2.0));
            assertThat(metrics).isEqualTo(new RetrievalMetrics(1, 1, expected.recallAt1(), expected.recallAt5(),
                    expected.recallAt10(), expected.reciprocalRank(), expected.ndcgAt10()));
            assertThat(metrics.mrr()).isEqualTo(1 / 5.0);
            assertThat(metrics.recallAt5()).isEqualTo(0.5);
        }
    }

    @Test
    void resultsDoNotDependOnThreadsAndScaleZeroIsTheBase() {
        Random random = new Random(2);
        int d = 8;
        List<String> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        Map<String, float[]> asMap = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            float[] v = gaussian(random, d);
            ids.add("i" + i);
            vectors.add(v);
            asMap.put("i" + i, v);
        }
        List<EvalQuery> queries = new ArrayList<>();
        Map<String, float[]> queryVectors = new LinkedHashMap<>();
        for (int q = 0; q < 23; q++) {
            queryVectors.put("q" + q, gaussian(random, d));
            queries.add(new EvalQuery("q" + q, Map.of("i" + random.nextInt(300), 1.0, "i" + random.nextInt(300), 2.0)));
        }
        float[] weight = gaussian(random, d * d);
        ResidualAdapter adapter = new ResidualAdapter(d, weight, gaussian(random, d), 1f);

        try (ParallelRanges one = new ParallelRanges(1); ParallelRanges three = new ParallelRanges(3)) {
            ResidualSpace space = ResidualSpace.of(ids, vectors, adapter, three);
            VectorTable q = VectorTable.of(queryVectors);
            RetrievalMetrics single = new RetrievalEvaluator(one).evaluate(queries, q, space.at(0.7));
            RetrievalMetrics multi = new RetrievalEvaluator(three).evaluate(queries, q, space.at(0.7));
            assertThat(multi).isEqualTo(single);

            assertThat(space.at(0).vector(5)).containsExactly(VectorTable.of(asMap).vector(5));
            float[] viaAdapter = new ResidualAdapter(d, weight, adapter.bias(), 0.7f).apply(vectors.get(5));
            float[] viaSpace = space.at(0.7).vector(5);
            for (int j = 0; j < d; j++) {
                assertThat(viaSpace[j]).isCloseTo(viaAdapter[j], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    private static float[] angle(double degrees) {
        double r = Math.toRadians(degrees);
        return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
    }

    private static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
