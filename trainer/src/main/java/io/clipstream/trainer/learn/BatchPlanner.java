package io.clipstream.trainer.learn;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Orders an epoch into batches in which every query text and every positive image occurs at most once: a second pair
 * of the same query in one batch would make its positive a false negative of the first. Pairs are shuffled, then each
 * goes to the first batch with room after the last batch holding its query or its image, so conflicts move to later
 * batches rather than being dropped.
 */
final class BatchPlanner {

    private final int[] queryOf;
    private final int[] imageOf;
    private final int queries;
    private final int images;
    private final int batchSize;

    BatchPlanner(List<TrainingExample> examples, int queries, int images, int batchSize) {
        this.queryOf = new int[examples.size()];
        this.imageOf = new int[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            queryOf[i] = examples.get(i).query();
            imageOf[i] = examples.get(i).image();
        }
        this.queries = queries;
        this.images = images;
        this.batchSize = batchSize;
    }

    /** One epoch's plan. */
    record Plan(int[] members, int[] batchStart) {
        int batches() {
            return batchStart.length - 1;
        }
    }

    Plan plan(SplittableRandom random) {
        int n = queryOf.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] lastOfQuery = filled(queries);
        int[] lastOfImage = filled(images);
        int[] batchOf = new int[n];
        int[] fill = new int[n + 1];
        // nextOpen[b]: a batch at or after b that may have room (path-compressed), so full batches are skipped fast.
        int[] nextOpen = new int[n + 2];
        for (int b = 0; b < nextOpen.length; b++) {
            nextOpen[b] = b;
        }
        int batches = 0;
        for (int i : order) {
            int b = open(nextOpen, Math.max(lastOfQuery[queryOf[i]], lastOfImage[imageOf[i]]) + 1);
            batchOf[i] = b;
            lastOfQuery[queryOf[i]] = b;
            lastOfImage[imageOf[i]] = b;
            if (++fill[b] == batchSize) {
                nextOpen[b] = b + 1;
            }
            batches = Math.max(batches, b + 1);
        }
        int[] batchStart = new int[batches + 1];
        for (int b = 0; b < batches; b++) {
            batchStart[b + 1] = batchStart[b] + fill[b];
        }
        int[] cursor = batchStart.clone();
        int[] members = new int[n];
        for (int i : order) {
            members[cursor[batchOf[i]]++] = i;
        }
        return new Plan(members, batchStart);
    }

    private static int open(int[] nextOpen, int b) {
        int root = b;
        while (nextOpen[root] != root) {
            root = nextOpen[root];
        }
        while (nextOpen[b] != root) {
            int next = nextOpen[b];
            nextOpen[b] = root;
            b = next;
        }
        return root;
    }

    private static int[] filled(int size) {
        int[] array = new int[size];
        Arrays.fill(array, -1);
        return array;
    }
}
