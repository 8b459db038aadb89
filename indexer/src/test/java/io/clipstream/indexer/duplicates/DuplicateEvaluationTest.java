package io.clipstream.indexer.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.events.DuplicateTier;
import io.clipstream.events.ImageDuplicates;
import io.clipstream.events.ImageEvidence;
import io.clipstream.indexer.evidence.EvidenceMaker;
import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.evidence.PixelEvidence;
import io.clipstream.model.image.DctMargin;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.DecodedImage;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.image.RgbImage;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.vector.Vectors;
import io.clipstream.testing.RepoPaths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The duplicate tiers measured on a generated set ({@link DuplicateCorpus}): 200 base pictures of the trained tiny
 * CLIP's world with 13 copies and variants each, a redrawn same-scene sibling and a hard negative per base, and 24
 * near-uniform frames, all through the indexer's decoder, evidence and the model, grouped by {@link DuplicateGraph}
 * with {@link DuplicateRules}. The near and scene cosines are calibrated on the even bases (the lowest cosine that
 * keeps precision on them) and measured on the odd ones, so the bounds hold for whatever weights the model has.
 */
class DuplicateEvaluationTest {

    private static final int BASES = 200;
    private static final int UNIFORM = 24;
    private static final double MIN_CORRELATION = 0.8;
    private static final long SCENE_WINDOW_MS = 600_000;

    private static List<Encoded> encoded;

    record Encoded(DuplicateCorpus.Item item, Candidate candidate, float[] vector) {
    }

    record Score(double precision, double recall, long truePairs, long predictedPairs) {
        @Override
        public String toString() {
            return String.format("precision %.3f recall %.3f (%d true pairs, %d predicted)", precision, recall,
                    truePairs, predictedPairs);
        }
    }

    @BeforeAll
    static void encode() throws Exception {
        DuplicateCorpus corpus = DuplicateCorpus.generate(BASES, UNIFORM, 15);
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        EvidenceMaker evidence = new EvidenceMaker(3.0);
        encoded = new ArrayList<>();
        try (ClipModel model = ClipModel.open(RepoPaths.trainedTinyModel(), ModelOptions.only(Tower.VISION, 
                ExecutionSettings.cpu(2)))) {
            int minShortSide = DctMargin.minShortSide(2, model.preprocessor().spec());
            for (DuplicateCorpus.Item item : corpus.items()) {
                DecodedImage decoded = decoder.decode(item.bytes(), minShortSide);
                RgbImage window = model.preprocessor().resizeAndCrop(decoded.image());
                ImageEvidence found = evidence.make(item.bytes(), decoded.image(), window);
                encoded.add(new Encoded(item, new Candidate(item.id(), found, item.eventTimeMs()),
                        model.embedImage(decoded.image())));
            }
        }
    }

    @Test
    void tiersMeetTheirBoundsOnHeldOutBases() {
        DuplicateRules calibrated = calibrate(half(0));
        List<Encoded> test = half(1);
        DuplicateGraph graph = group(test, calibrated);

        Score exact = score(test, graph, DuplicateTier.EXACT, (a, b) -> a.exactClass() != null
                && a.exactClass().equals(b.exactClass()));
        Score near = score(test, graph, DuplicateTier.NEAR, (a, b) -> a.base() == b.base());
        Score scene = score(test, graph, DuplicateTier.SCENE, (a, b) -> a.sceneOf() >= 0 && a.sceneOf() == b.sceneOf());
        long uniformGrouped = test.stream().filter(e -> e.item().kind().equals("near-uniform"))
                .filter(e -> !graph.record(e.item().id(), "m", Instant.EPOCH).groups().isEmpty()).count();
        long degenerateFlagged = test.stream().filter(e -> e.item().kind().equals("near-uniform"))
                .filter(e -> e.candidate().degenerate()).count();
        long basesFlagged = test.stream().filter(e -> !e.item().kind().equals("near-uniform"))
                .filter(e -> e.candidate().degenerate()).count();

        System.out.printf("duplicates evaluation (%d images, %d held-out bases): near cosine >= %.4f (calibrated), "
                        + "pixel correlation >= %.2f, scene cosine >= %.4f within %d s%n  exact %s%n  near %s%n  scene %s%n"
                        + "  near-uniform frames flagged %d/%d, grouped %d; other images flagged %d%n",
                test.size(), BASES / 2, calibrated.nearMinCosine(), MIN_CORRELATION, calibrated.sceneMinCosine(),
                SCENE_WINDOW_MS / 1000, exact, near, scene, degenerateFlagged, UNIFORM / 2, uniformGrouped,
                basesFlagged);
        perKindRecall(test, graph);

        assertThat(exact.precision()).as("exact precision").isEqualTo(1.0);
        assertThat(exact.recall()).as("exact recall").isEqualTo(1.0);
        assertThat(near.precision()).as("near precision").isGreaterThanOrEqualTo(0.95);
        assertThat(near.recall()).as("near recall").isGreaterThanOrEqualTo(0.90);
        assertThat(uniformGrouped).as("near-uniform frames in a group").isZero();
        assertThat(degenerateFlagged).as("near-uniform frames flagged").isEqualTo(UNIFORM / 2);
        assertThat(basesFlagged).as("pictures flagged near-uniform").isZero();
    }

    @Test
    void withoutThePixelCheckTheModelAloneMergesDifferentPictures() {
        DuplicateRules calibrated = calibrate(half(0));
        DuplicateRules cosineOnly = new DuplicateRules(calibrated.nearMinCosine(), -1, calibrated.sceneMinCosine(),
                SCENE_WINDOW_MS);
        List<Encoded> test = half(1);
        Score near = score(test, group(test, cosineOnly), DuplicateTier.NEAR, (a, b) -> a.base() == b.base());
        System.out.printf("near without the pixel check: %s%n", near);
        assertThat(near.precision()).as("near precision on cosine alone").isLessThan(0.95);
    }

    /** Items of the even ({@code parity} 0) or odd bases, with every second uniform frame. */
    private static List<Encoded> half(int parity) {
        return encoded.stream().filter(e -> {
            int owner = owner(e.item());
            return Math.floorMod(owner, 2) == parity;
        }).toList();
    }

    private static int owner(DuplicateCorpus.Item item) {
        if (item.kind().equals("near-uniform")) {
            return -1_000_000 - item.base();
        }
        int b = item.base();
        if (b >= 0) {
            return b;
        }
        if (b > -100_000) {
            return -1 - b;
        }
        return -100_000 - b;
    }

    /**
     * The lowest near cosine at which the near groups of these bases are still 98 % right pairwise (a false link
     * merges two groups, so pairs alone would overrate it), and the lowest scene cosine at which pairs within the
     * window are still 90 % true scene pairs.
     */
    private static DuplicateRules calibrate(List<Encoded> set) {
        List<double[]> nearPairs = new ArrayList<>();
        List<double[]> scenePairs = new ArrayList<>();
        DuplicateRules exactOnly = new DuplicateRules(2, 1, 2, 0);
        for (int i = 0; i < set.size(); i++) {
            for (int j = i + 1; j < set.size(); j++) {
                Encoded a = set.get(i);
                Encoded b = set.get(j);
                double cosine = Vectors.dot(a.vector(), b.vector());
                if (exactOnly.judge(a.candidate(), b.candidate(), cosine).isPresent()) {
                    nearPairs.add(new double[] {2, i, j});
                    continue;
                }
                if (a.candidate().degenerate() || b.candidate().degenerate()) {
                    continue;
                }
                if (PixelEvidence.correlation(a.candidate().evidence().greyThumbnail(),
                        b.candidate().evidence().greyThumbnail()) >= MIN_CORRELATION) {
                    nearPairs.add(new double[] {cosine, i, j});
                }
                if (Math.abs(a.item().eventTimeMs() - b.item().eventTimeMs()) <= SCENE_WINDOW_MS) {
                    boolean same = a.item().sceneOf() >= 0 && a.item().sceneOf() == b.item().sceneOf();
                    scenePairs.add(new double[] {cosine, same ? 1 : 0});
                }
            }
        }
        nearPairs.sort((x, y) -> Double.compare(y[0], x[0]));
        double near = 1.0;
        for (int step = 1; step <= 400; step++) {
            double threshold = 1.0 - step * 0.0005;
            if (groupPrecision(set, nearPairs, threshold) < 0.98) {
                break;
            }
            near = threshold;
        }
        double scene = Math.min(near, lowestThreshold(scenePairs, 0.90));
        return new DuplicateRules(near, MIN_CORRELATION, scene, SCENE_WINDOW_MS);
    }

    /** Pairwise precision of the components the pairs at or above {@code threshold} make (union-find). */
    private static double groupPrecision(List<Encoded> set, List<double[]> pairs, double threshold) {
        int[] parent = new int[set.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (double[] pair : pairs) {
            if (pair[0] < threshold) {
                break;
            }
            parent[root(parent, (int) pair[1])] = root(parent, (int) pair[2]);
        }
        Map<Integer, Map<Integer, Integer>> components = new HashMap<>();
        for (int i = 0; i < parent.length; i++) {
            components.computeIfAbsent(root(parent, i), k -> new HashMap<>())
                    .merge(set.get(i).item().base(), 1, Integer::sum);
        }
        long predicted = 0;
        long right = 0;
        for (Map<Integer, Integer> bases : components.values()) {
            long size = bases.values().stream().mapToLong(Integer::longValue).sum();
            predicted += size * (size - 1) / 2;
            for (int count : bases.values()) {
                right += (long) count * (count - 1) / 2;
            }
        }
        return predicted == 0 ? 1.0 : right / (double) predicted;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Going down the pairs by cosine, the last cosine at which the share of true pairs so far is >= precision. */
    private static double lowestThreshold(List<double[]> pairs, double precision) {
        pairs.sort((x, y) -> Double.compare(y[0], x[0]));
        double threshold = 1.0;
        long good = 0;
        for (int k = 0; k < pairs.size(); k++) {
            good += (long) pairs.get(k)[1];
            if (good >= precision * (k + 1)) {
                threshold = pairs.get(k)[0];
            }
        }
        return threshold;
    }

    /** Every item added in event-time order with its links to all earlier ones: what the stage does in a replay. */
    private static DuplicateGraph group(List<Encoded> set, DuplicateRules rules) {
        DuplicateGraph graph = new DuplicateGraph();
        List<Encoded> ordered = new ArrayList<>(set);
        ordered.sort((a, b) -> Long.compare(a.item().eventTimeMs(), b.item().eventTimeMs()));
        for (int i = 0; i < ordered.size(); i++) {
            Encoded e = ordered.get(i);
            List<ImageDuplicates.Link> links = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                Encoded other = ordered.get(j);
                rules.judge(e.candidate(), other.candidate(), Vectors.dot(e.vector(), other.vector()))
                        .ifPresent(links::add);
            }
            graph.put(e.candidate(), links);
        }
        return graph;
    }

    /** Pairwise precision and recall of the tier's groups against the pairs {@code truth} says belong together. */
    private static Score score(List<Encoded> set, DuplicateGraph graph, DuplicateTier tier,
                               BiPredicate<DuplicateCorpus.Item, DuplicateCorpus.Item> truth) {
        Map<String, String> groupOf = new HashMap<>();
        for (Encoded e : set) {
            graph.record(e.item().id(), "m", Instant.EPOCH).groups().stream().filter(g -> g.tier() == tier)
                    .findFirst().ifPresent(g -> groupOf.put(e.item().id(), g.groupId()));
        }
        long truePairs = 0;
        long predicted = 0;
        long hits = 0;
        for (int i = 0; i < set.size(); i++) {
            for (int j = i + 1; j < set.size(); j++) {
                DuplicateCorpus.Item a = set.get(i).item();
                DuplicateCorpus.Item b = set.get(j).item();
                boolean real = truth.test(a, b);
                String ga = groupOf.get(a.id());
                boolean together = ga != null && ga.equals(groupOf.get(b.id()));
                truePairs += real ? 1 : 0;
                predicted += together ? 1 : 0;
                hits += real && together ? 1 : 0;
            }
        }
        return new Score(predicted == 0 ? 1.0 : hits / (double) predicted,
                truePairs == 0 ? 1.0 : hits / (double) truePairs, truePairs, predicted);
    }

    /** Share of each variant kind found in its base picture's near group, for the report. */
    private static void perKindRecall(List<Encoded> set, DuplicateGraph graph) {
        Map<String, int[]> kinds = new java.util.TreeMap<>();
        Map<Integer, String> originalGroup = new HashMap<>();
        for (Encoded e : set) {
            if (e.item().kind().equals("original")) {
                originalGroup.put(e.item().base(), nearGroup(graph, e.item().id()));
            }
        }
        Predicate<Encoded> variant = e -> e.item().base() >= 0 && !e.item().kind().equals("original");
        for (Encoded e : set.stream().filter(variant).toList()) {
            int[] counts = kinds.computeIfAbsent(e.item().kind(), k -> new int[2]);
            String group = nearGroup(graph, e.item().id());
            counts[0] += group != null && group.equals(originalGroup.get(e.item().base())) ? 1 : 0;
            counts[1]++;
        }
        kinds.forEach((kind, c) -> System.out.printf("  near recall of %-18s %d/%d%n", kind, c[0], c[1]));
    }

    private static String nearGroup(DuplicateGraph graph, String id) {
        return graph.record(id, "m", Instant.EPOCH).groups().stream().filter(g -> g.tier() == DuplicateTier.NEAR)
                .map(ImageDuplicates.Group::groupId).findFirst().orElse(null);
    }
}
