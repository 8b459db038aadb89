package io.clipstream.trainer.learn;

import java.util.Arrays;
import java.util.List;

/** Which images are positives of which query anywhere in the training data: those are never its negatives. */
final class PositiveIndex {

    private final int[][] imagesOfQuery;

    PositiveIndex(int queries, List<TrainingExample> examples) {
        int[] counts = new int[queries];
        for (TrainingExample example : examples) {
            counts[example.query()]++;
        }
        imagesOfQuery = new int[queries][];
        for (int q = 0; q < queries; q++) {
            imagesOfQuery[q] = new int[counts[q]];
        }
        int[] fill = new int[queries];
        for (TrainingExample example : examples) {
            imagesOfQuery[example.query()][fill[example.query()]++] = example.image();
        }
        for (int q = 0; q < queries; q++) {
            imagesOfQuery[q] = Arrays.stream(imagesOfQuery[q]).sorted().distinct().toArray();
        }
    }

    boolean isPositive(int query, int image) {
        int[] images = imagesOfQuery[query];
        return images.length > 0 && Arrays.binarySearch(images, image) >= 0;
    }

    /** Whether the query has a positive besides (possibly) one: only then can an in-batch image be masked. */
    boolean hasSeveral(int query) {
        return imagesOfQuery[query].length > 1;
    }
}
