package io.clipstream.trainer.job;

import io.clipstream.events.ClickPair;
import io.clipstream.trainer.learn.TrainingExample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The train split aggregated per (query, image): weight = sum of the click weights; hard negatives = the union of the
 * pairs' shown-but-not-clicked images, minus every image clicked for that query anywhere in the train split (a user
 * skipping an image once does not outweigh another user choosing it) and minus images outside the catalogue.
 * Queries and images are numbered in order of first appearance.
 */
record TrainingPairs(List<String> queries, List<String> images, List<TrainingExample> examples, int hardNegatives) {

    static TrainingPairs of(List<ClickPair> train, Map<String, float[]> catalogue) {
        Map<String, Set<String>> clickedByQuery = new HashMap<>();
        for (ClickPair pair : train) {
            clickedByQuery.computeIfAbsent(pair.queryText(), q -> new HashSet<>()).add(pair.imageId());
        }
        Map<String, Integer> queryIndex = new LinkedHashMap<>();
        Map<String, Integer> imageIndex = new LinkedHashMap<>();
        Map<Long, Aggregate> aggregates = new LinkedHashMap<>();
        for (ClickPair pair : train) {
            int query = queryIndex.computeIfAbsent(pair.queryText(), q -> queryIndex.size());
            int image = imageIndex.computeIfAbsent(pair.imageId(), i -> imageIndex.size());
            Aggregate aggregate = aggregates.computeIfAbsent(((long) query << 32) | image,
                    key -> new Aggregate(query, image));
            aggregate.weight += pair.weight();
            if (pair.negatives() != null) {
                Set<String> clicked = clickedByQuery.get(pair.queryText());
                for (String negative : pair.negatives()) {
                    if (!clicked.contains(negative) && catalogue.containsKey(negative)) {
                        aggregate.negatives.add(negative);
                    }
                }
            }
        }
        List<TrainingExample> examples = new ArrayList<>(aggregates.size());
        int hardNegatives = 0;
        for (Aggregate aggregate : aggregates.values()) {
            int[] hard = new int[aggregate.negatives.size()];
            int h = 0;
            for (String negative : aggregate.negatives) {
                hard[h++] = imageIndex.computeIfAbsent(negative, i -> imageIndex.size());
            }
            hardNegatives += hard.length;
            examples.add(new TrainingExample(aggregate.query, aggregate.image, (float) aggregate.weight, hard));
        }
        return new TrainingPairs(List.copyOf(queryIndex.keySet()), List.copyOf(imageIndex.keySet()),
                List.copyOf(examples), hardNegatives);
    }

    private static final class Aggregate {
        final int query;
        final int image;
        double weight;
        final Set<String> negatives = new LinkedHashSet<>();

        Aggregate(int query, int image) {
            this.query = query;
            this.image = image;
        }
    }
}
