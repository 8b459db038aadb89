package io.clipstream.indexer.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.events.DuplicateTier;
import io.clipstream.events.ImageDuplicates;
import io.clipstream.events.ImageEvidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DuplicateGraphTest {

    private static final Instant T = Instant.EPOCH;
    private final DuplicateGraph graph = new DuplicateGraph();

    @Test
    void groupsAreComponentsNamedByTheSmallestIdWhateverTheOrderOfArrival() {
        Map<String, List<ImageDuplicates>> byOrder = new TreeMap<>();
        List<String> ids = new ArrayList<>(List.of("c", "a", "d", "b", "e"));
        for (int seed = 0; seed < 5; seed++) {
            Collections.shuffle(ids, new Random(seed));
            DuplicateGraph g = new DuplicateGraph();
            List<String> seen = new ArrayList<>();
            for (String id : ids) {
                List<ImageDuplicates.Link> links = new ArrayList<>();
                for (String other : seen) {
                    link(id, other).ifPresent(links::add);
                }
                g.put(candidate(id), links);
                seen.add(id);
            }
            byOrder.put("order " + seed, ids.stream().sorted().map(id -> g.record(id, "m", T)).toList());
        }
        assertThat(byOrder.values().stream().distinct()).hasSize(1);
        List<ImageDuplicates> records = byOrder.values().iterator().next();
        assertThat(records.get(0).groups()).extracting(ImageDuplicates.Group::tier, ImageDuplicates.Group::groupId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DuplicateTier.EXACT, "a"),
                        org.assertj.core.groups.Tuple.tuple(DuplicateTier.NEAR, "a"),
                        org.assertj.core.groups.Tuple.tuple(DuplicateTier.SCENE, "a"));
        assertThat(records.get(2).groups()).extracting(ImageDuplicates.Group::tier)
                .containsExactly(DuplicateTier.NEAR, DuplicateTier.SCENE);
        assertThat(records.get(4).groups()).isEmpty();
    }

    @Test
    void aDeleteSplitsOrDissolvesTheGroupsItHeldTogether() {
        graph.put(candidate("a"), List.of());
        graph.put(candidate("b"), List.of(near("a")));
        graph.put(candidate("c"), List.of(near("b")));
        assertThat(graph.record("c", "m", T).groups()).hasSize(2);

        assertThat(graph.remove("b")).containsExactlyInAnyOrder("a", "c");
        assertThat(graph.record("a", "m", T).groups()).isEmpty();
        assertThat(graph.record("c", "m", T).groups()).isEmpty();
        assertThat(graph.record("c", "m", T).links()).isEmpty();
    }

    @Test
    void aReplacedImageIsJudgedAnew() {
        graph.put(candidate("a"), List.of());
        graph.put(candidate("b"), List.of(near("a")));
        assertThat(graph.put(candidate("b"), List.of())).contains("a", "b");
        assertThat(graph.record("a", "m", T).groups()).isEmpty();
    }

    @Test
    void aDismissedGroupStopsCountingForItsTierOnly() {
        graph.put(candidate("a"), List.of());
        graph.put(candidate("b"), List.of(near("a")));
        graph.dismiss(DuplicateTier.NEAR, List.of("a", "b"));
        assertThat(graph.record("a", "m", T).groups()).extracting(ImageDuplicates.Group::tier)
                .containsExactly(DuplicateTier.SCENE);
    }

    @Test
    void nearUniformImagesAreNotCopiesByTheirPixelsAlone() {
        DuplicateRules rules = new DuplicateRules(0.9, 0.8, 0.8, 1000);
        ImageEvidence black1 = new ImageEvidence("1".repeat(64), "0".repeat(64), "00".repeat(64), true);
        ImageEvidence black2 = new ImageEvidence("2".repeat(64), "0".repeat(64), "00".repeat(64), true);
        assertThat(rules.judge(new Candidate("x", black1, 0), new Candidate("y", black2, 0), 1.0)).isEmpty();
        assertThat(rules.judge(new Candidate("x", black1, 0), new Candidate("y", black1, 0), 1.0))
                .hasValueSatisfying(l -> assertThat(l.tier()).isEqualTo(DuplicateTier.EXACT));
    }

    private static Candidate candidate(String id) {
        return new Candidate(id, null, 0);
    }

    /** a-b exact, a-c near (b joins through a), c-d scene, e alone. */
    private static java.util.Optional<ImageDuplicates.Link> link(String x, String y) {
        String pair = x.compareTo(y) < 0 ? x + y : y + x;
        return switch (pair) {
            case "ab" -> java.util.Optional.of(new ImageDuplicates.Link(y, DuplicateTier.EXACT, 1.0, 1.0));
            case "ac" -> java.util.Optional.of(new ImageDuplicates.Link(y, DuplicateTier.NEAR, 0.97, 0.9));
            case "cd" -> java.util.Optional.of(new ImageDuplicates.Link(y, DuplicateTier.SCENE, 0.9, 0.1));
            default -> java.util.Optional.empty();
        };
    }

    private static ImageDuplicates.Link near(String to) {
        return new ImageDuplicates.Link(to, DuplicateTier.NEAR, 0.97, 0.9);
    }
}
