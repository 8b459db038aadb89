package io.clipstream.trainer.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.events.ClickPair;
import io.clipstream.trainer.eval.EvalQuery;
import io.clipstream.trainer.learn.TrainingExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickPairsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    static ClickPair click(String search, String query, String image, double weight, int minute,
                           String... negatives) {
        Instant time = T0.plusSeconds(60L * minute);
        return new ClickPair(search, search + "-" + image, query, image, negatives.length, List.of(negatives), weight,
                "m", 0, time.minusSeconds(5), time);
    }

    @Test
    void theMostRecentClicksAreTestTheOnesBeforeValidation() {
        List<ClickPair> pairs = new ArrayList<>();
        for (int i = 9; i >= 0; i--) {
            pairs.add(click("s" + i, "q", "img" + i, 1, i));
        }
        ClickSplit split = ClickSplit.byClickTime(pairs, 0.2, 0.1);

        assertThat(split.train()).extracting(ClickPair::imageId)
                .containsExactly("img0", "img1", "img2", "img3", "img4", "img5", "img6");
        assertThat(split.validation()).extracting(ClickPair::imageId).containsExactly("img7");
        assertThat(split.test()).extracting(ClickPair::imageId).containsExactly("img8", "img9");
    }

    @Test
    void trainingPairsSumWeightsAndNeverUseAQuerysOwnClicksAsNegatives() {
        Map<String, float[]> catalogue = Map.of("a", new float[] {1}, "b", new float[] {1}, "c", new float[] {1},
                "d", new float[] {1});
        List<ClickPair> train = List.of(
                click("s1", "cats", "a", 1.0, 1, "b", "c", "gone"),
                click("s2", "cats", "a", 2.5, 2, "d"),
                click("s3", "cats", "b", 1.0, 3, "a"),   // b is clicked for "cats" elsewhere: never its negative
                click("s4", "dogs", "b", 3.0, 4, "a"));  // a is a fine negative for "dogs"

        TrainingPairs pairs = TrainingPairs.of(train, catalogue);

        assertThat(pairs.queries()).containsExactly("cats", "dogs");
        assertThat(pairs.images()).containsExactly("a", "b", "c", "d");
        assertThat(pairs.examples()).hasSize(3);
        TrainingExample catsA = pairs.examples().get(0);
        assertThat(catsA.query()).isZero();
        assertThat(catsA.image()).isZero();
        assertThat(catsA.weight()).isEqualTo(3.5f);
        assertThat(catsA.hardNegatives()).containsExactly(2, 3); // c and d; b is a positive, "gone" is unknown
        assertThat(pairs.examples().get(1).hardNegatives()).isEmpty(); // (cats, b): a is a positive of cats
        assertThat(pairs.examples().get(2).hardNegatives()).containsExactly(0);
        assertThat(pairs.hardNegatives()).isEqualTo(3);
    }

    @Test
    void evalQueriesSumTheClickWeightsOfEachImage() {
        List<EvalQuery> queries = EvalSets.of(List.of(click("s1", "cats", "a", 1.0, 1),
                click("s2", "cats", "a", 2.0, 2), click("s3", "cats", "b", 4.0, 3), click("s4", "dogs", "c", 1.5, 4)));

        assertThat(queries).containsExactly(new EvalQuery("cats", Map.of("a", 3.0, "b", 4.0)),
                new EvalQuery("dogs", Map.of("c", 1.5)));
    }
}
