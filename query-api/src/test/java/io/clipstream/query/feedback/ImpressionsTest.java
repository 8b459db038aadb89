package io.clipstream.query.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.query.search.SearchQuery;
import io.clipstream.query.search.SearchQuery.Term;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which text a click on a weighted query's result trains on. */
class ImpressionsTest {

    @Test
    void thePositiveTextTermsInOrderAreTheTrainingText() {
        assertThat(Impressions.trainingText(query(text("beach", 1), text("people", -1), text("sunset", 0.5))))
                .isEqualTo("beach sunset");
        assertThat(Impressions.trainingText(query(text("dog", 2), text("dog on a leash", -2))))
                .isEqualTo("dog");
    }

    @Test
    void negativeTermsNeverTrain() {
        assertThat(Impressions.trainingText(query(image("img-1", 1), text("red", -1)))).isNull();
    }

    @Test
    void textTermsTrainUnlessImageTermsOutweighThem() {
        assertThat(Impressions.trainingText(query(text("red", 1), image("img-1", 1)))).isEqualTo("red");
        assertThat(Impressions.trainingText(query(text("red", 0.5), upload(1.5)))).isNull();
        assertThat(Impressions.trainingText(query(text("red", 0.5), text("car", 0.5), image("img-1", 1),
                image("img-2", -3)))).isEqualTo("red car");
    }

    private static SearchQuery.Weighted query(Term... terms) {
        return new SearchQuery.Weighted(List.of(terms), false);
    }

    private static Term text(String text, double weight) {
        return new Term(new SearchQuery.Text(text), weight, null);
    }

    private static Term image(String id, double weight) {
        return new Term(new SearchQuery.SimilarTo(id), weight, null);
    }

    private static Term upload(double weight) {
        return new Term(new SearchQuery.Upload("ab".repeat(32), null), weight, null);
    }
}
