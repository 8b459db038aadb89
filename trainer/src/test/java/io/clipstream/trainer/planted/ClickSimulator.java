package io.clipstream.trainer.planted;

import io.clipstream.testing.planted.ConceptFamily;

import io.clipstream.events.ClickPair;
import io.clipstream.model.vector.Vectors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Simulated searches over time. A user picks a concept and one of its phrasings, is shown the top {@value #SHOWN} of
 * the base model (cosine of base text and base image vectors), examines rank r (0-based) with probability
 * {@code 1 / (r + 1)^eta}, and clicks an examined image with a high probability when it belongs to the concept's
 * family and a small one otherwise. Each click becomes a {@link ClickPair} the way the click-pair topology writes it:
 * its rank, the shown-above-and-not-clicked images as negatives, and the clipped inverse propensity as weight.
 */
final class ClickSimulator {

    static final int SHOWN = 20;
    private static final double ETA = 1.0;
    private static final double MAX_WEIGHT = 10;
    private static final double CLICK_RELEVANT = 0.9;
    private static final double CLICK_IRRELEVANT = 0.01;
    /** In the random-label world every examined image is clicked with this probability, whatever it shows. */
    private static final double CLICK_ANY = 0.25;
    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");

    private final PlantedWorld world;
    private final List<String> imageIds;
    private final int libraries;
    /** Base model top results per library, then per phrasing. */
    private final List<Map<String, List<String>>> baseTop = new ArrayList<>();

    /**
     * @param libraries the catalogue is dealt round-robin into this many libraries (one user's photos each); a search
     *                  runs in one library, as searching one's own photos does, while evaluation ranks them all
     */
    ClickSimulator(PlantedWorld world, int libraries) {
        this.world = world;
        this.imageIds = List.copyOf(world.catalogue.keySet());
        this.libraries = libraries;
        for (int library = 0; library < libraries; library++) {
            List<String> members = new ArrayList<>();
            for (int i = library; i < imageIds.size(); i += libraries) {
                members.add(imageIds.get(i));
            }
            Map<String, List<String>> top = new HashMap<>();
            world.phrasingVectors.forEach((text, vector) -> top.put(text, topByBaseModel(vector, members)));
            baseTop.add(top);
        }
    }

    /** Searches for the concepts of {@code families}; clicks follow the hidden truth (same family = relevant). */
    List<ClickPair> searches(List<ConceptFamily> families, int searches, long seed) {
        Random random = new Random(seed);
        List<ClickPair> pairs = new ArrayList<>();
        for (int s = 0; s < searches; s++) {
            ConceptFamily family = families.get(random.nextInt(families.size()));
            String text = family.phrasings().get(random.nextInt(family.phrasings().size()));
            List<String> shown = baseTop.get(random.nextInt(libraries)).get(text);
            simulate(pairs, s, text, shown, random,
                    image -> family.equals(world.familyOfImage.get(image)) ? CLICK_RELEVANT : CLICK_IRRELEVANT);
        }
        return pairs;
    }

    /**
     * The same traffic with labels independent of the query: each search shows a random page of the catalogue and
     * examined images are clicked at one rate, so a clicked image says nothing about the text.
     */
    List<ClickPair> randomLabelSearches(List<ConceptFamily> families, int searches, long seed) {
        Random random = new Random(seed);
        List<ClickPair> pairs = new ArrayList<>();
        for (int s = 0; s < searches; s++) {
            ConceptFamily family = families.get(random.nextInt(families.size()));
            String text = family.phrasings().get(random.nextInt(family.phrasings().size()));
            List<String> page = new ArrayList<>(imageIds);
            Collections.shuffle(page, random);
            simulate(pairs, s, text, page.subList(0, SHOWN), random, image -> CLICK_ANY);
        }
        return pairs;
    }

    private void simulate(List<ClickPair> out, int search, String text, List<String> shown, Random random,
                          ToDoubleFunction<String> clickProbability) {
        Instant searchTime = START.plus(Duration.ofMinutes(search));
        String searchId = "search-" + search;
        List<String> clicked = new ArrayList<>();
        for (int rank = 0; rank < shown.size(); rank++) {
            double propensity = 1 / Math.pow(rank + 1, ETA);
            String image = shown.get(rank);
            if (random.nextDouble() >= propensity || random.nextDouble() >= clickProbability.applyAsDouble(image)) {
                continue;
            }
            List<String> negatives = new ArrayList<>();
            for (int above = 0; above < rank; above++) {
                if (!clicked.contains(shown.get(above))) {
                    negatives.add(shown.get(above));
                }
            }
            clicked.add(image);
            out.add(new ClickPair(searchId, searchId + "-click-" + clicked.size(), text, image, rank, negatives,
                    Math.min(MAX_WEIGHT, 1 / propensity), "tiny-clip-hf", 0, searchTime,
                    searchTime.plusSeconds(3L * (rank + 1))));
        }
    }

    private List<String> topByBaseModel(float[] text, List<String> members) {
        return members.stream()
                .sorted(Comparator.comparingDouble((String id) -> -cosine(text, world.catalogue.get(id)))
                        .thenComparing(id -> id))
                .limit(SHOWN).toList();
    }

    private static double cosine(float[] a, float[] b) {
        return Vectors.dot(a, b) / (Vectors.norm(a) * Vectors.norm(b));
    }
}
