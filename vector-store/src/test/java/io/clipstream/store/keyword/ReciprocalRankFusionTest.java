package io.clipstream.store.keyword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.clipstream.store.SearchHit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fused rankings worked out by hand: score(d) = sum over rankings of weight / (k + rank). */
class ReciprocalRankFusionTest {

    private static final List<SearchHit> VECTOR = hits("a", "b", "c");
    private static final List<SearchHit> KEYWORD = hits("c", "a", "d");

    @Test
    void equalWeightsFavourHitsHighInBothRankings() {
        // a: 1/61 + 1/62 = 0.032522; c: 1/63 + 1/61 = 0.032266; b: 1/62 = 0.016129; d: 1/63 = 0.015873
        List<SearchHit> fused = ReciprocalRankFusion.fuse(VECTOR, KEYWORD, new Fusion(60, 1, 1, 100));

        assertThat(fused).extracting(SearchHit::id).containsExactly("a", "c", "b", "d");
        assertThat(fused.get(0).similarity()).isCloseTo(0.0325224, within(1e-6));
        assertThat(fused.get(1).similarity()).isCloseTo(0.0322664, within(1e-6));
        assertThat(fused.get(3).similarity()).isCloseTo(0.0158730, within(1e-6));
    }

    @Test
    void aHeavierKeywordWeightTurnsTheOrder() {
        // c: 1/63 + 2/61 = 0.0486599 beats a: 1/61 + 2/62 = 0.0486515; d: 2/63 = 0.031746 beats b: 1/62
        List<SearchHit> fused = ReciprocalRankFusion.fuse(VECTOR, KEYWORD, new Fusion(60, 1, 2, 100));

        assertThat(fused).extracting(SearchHit::id).containsExactly("c", "a", "d", "b");
        assertThat(fused.getFirst().similarity()).isCloseTo(0.0486599, within(1e-6));
    }

    @Test
    void aSmallKSharpensTheTop() {
        // k = 1: a: 1/2 + 1/3 = 0.8333; c: 1/4 + 1/2 = 0.75; b: 1/3; d: 1/4
        List<SearchHit> fused = ReciprocalRankFusion.fuse(VECTOR, KEYWORD, new Fusion(1, 1, 1, 100));

        assertThat(fused).extracting(SearchHit::id).containsExactly("a", "c", "b", "d");
        assertThat(fused.get(0).similarity()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(fused.get(1).similarity()).isCloseTo(0.75, within(1e-12));
        assertThat(fused.get(2).similarity()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void equalScoresAreOrderedById() {
        Fusion fusion = new Fusion(1, 1, 1, 100);

        assertThat(ReciprocalRankFusion.fuse(hits("y"), hits("x"), fusion)).extracting(SearchHit::id)
                .containsExactly("x", "y");
        assertThat(ReciprocalRankFusion.fuse(hits("x"), hits("y"), fusion)).extracting(SearchHit::id)
                .containsExactly("x", "y");
    }

    @Test
    void onlyTheDepthOfEachRankingCounts() {
        // depth 2: c counts only from the keyword ranking (rank 1: 1/61, above b's 1/62), d not at all
        List<SearchHit> fused = ReciprocalRankFusion.fuse(VECTOR, KEYWORD, new Fusion(60, 1, 1, 2));

        assertThat(fused).extracting(SearchHit::id).containsExactly("a", "c", "b");
        assertThat(fused.get(1).similarity()).isCloseTo(1.0 / 61, within(1e-12));
    }

    @Test
    void aLegWeightedZeroIsLeftOut() {
        assertThat(ReciprocalRankFusion.fuse(VECTOR, KEYWORD, new Fusion(60, 0, 1, 100)))
                .extracting(SearchHit::id).containsExactly("c", "a", "d");
    }

    @Test
    void pagesAreSlicesOfOneRankingThatJoinUp() {
        List<SearchHit> fused = ReciprocalRankFusion.fuse(VECTOR, KEYWORD, new Fusion(60, 1, 1, 100));

        List<SearchHit> joined = new ArrayList<>(ReciprocalRankFusion.page(fused, 3, 0));
        joined.addAll(ReciprocalRankFusion.page(fused, 3, 3));

        assertThat(joined).extracting(SearchHit::id).containsExactly("a", "c", "b", "d");
        assertThat(ReciprocalRankFusion.page(fused, 3, 9)).isEmpty();
    }

    @Test
    void storedFieldsComeFromTheRankingThatFoundTheHit() {
        SearchHit fromKeyword = new SearchHit("d", 7.5, "https://example.org/d.jpg", "image/png",
                Map.of("caption", "dog"), 42);

        SearchHit fused = ReciprocalRankFusion.fuse(List.of(), List.of(fromKeyword), new Fusion(60, 1, 1, 10))
                .getFirst();

        assertThat(fused.url()).isEqualTo("https://example.org/d.jpg");
        assertThat(fused.metadata()).containsEntry("caption", "dog");
        assertThat(fused.eventTimeMs()).isEqualTo(42);
    }

    @Test
    void fusionSettingsAreChecked() {
        assertThatThrownBy(() -> new Fusion(0, 1, 1, 10)).hasMessageContaining("k must be at least 1");
        assertThatThrownBy(() -> new Fusion(60, 0, 0, 10)).hasMessageContaining("not both 0");
        assertThatThrownBy(() -> new Fusion(60, -1, 1, 10)).hasMessageContaining("at least 0");
        assertThatThrownBy(() -> new Fusion(60, 1, 1, 0)).hasMessageContaining("depth");
    }

    private static List<SearchHit> hits(String... ids) {
        List<SearchHit> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            out.add(new SearchHit(ids[i], 1.0 - i * 0.1, "", "image/jpeg", Map.of(), 0));
        }
        return out;
    }
}
