package io.clipstream.trainer.learn;

import java.util.Arrays;
import java.util.List;

/** Copies a batch's base vectors (normalised, in double) and bookkeeping into a {@link TrainingBatch}. */
final class BatchAssembler {

    private final float[][] queryVectors;
    private final float[][] imageVectors;
    private final List<TrainingExample> examples;
    private final PositiveIndex positives;
    /** Image row -> its row in the current batch, -1 when absent; reset after every batch. */
    private final int[] rowOfImage;

    BatchAssembler(float[][] queryVectors, float[][] imageVectors, List<TrainingExample> examples,
                   PositiveIndex positives) {
        this.queryVectors = queryVectors;
        this.imageVectors = imageVectors;
        this.examples = examples;
        this.positives = positives;
        this.rowOfImage = new int[imageVectors.length];
        Arrays.fill(rowOfImage, -1);
    }

    /**
     * Fills {@code batch} with the examples {@code members[from..to)}; {@code hardWeight} 0 leaves hard negatives
     * out. The batch's images must be distinct (see {@link BatchPlanner}).
     */
    void fill(TrainingBatch batch, int[] members, int from, int to, double hardWeight) {
        int size = to - from;
        if (size > batch.capacity) {
            throw new IllegalArgumentException("batch of " + size + " exceeds capacity " + batch.capacity);
        }
        int d = batch.dims;
        batch.size = size;
        double weightSum = 0;
        for (int k = 0; k < size; k++) {
            TrainingExample example = examples.get(members[from + k]);
            normalizeInto(queryVectors[example.query()], batch.text, k * d);
            normalizeInto(imageVectors[example.image()], batch.image, k * d);
            rowOfImage[example.image()] = k;
            batch.weight[k] = example.weight();
            weightSum += example.weight();
        }
        for (int k = 0; k < size; k++) {
            batch.weight[k] *= size / weightSum;
        }
        int rows = size;
        int hard = 0;
        boolean withHard = hardWeight > 0 && batch.maxHardNegatives > 0;
        for (int k = 0; k < size; k++) {
            batch.hardStart[k] = hard;
            if (!withHard) {
                continue;
            }
            TrainingExample example = examples.get(members[from + k]);
            int taken = 0;
            for (int image : example.hardNegatives()) {
                if (taken == batch.maxHardNegatives) {
                    break;
                }
                int row = rowOfImage[image];
                if (row >= 0 && row < size) {
                    continue; // already an in-batch negative (or masked if a positive of this query)
                }
                if (positives.isPositive(example.query(), image)) {
                    continue;
                }
                if (row < 0) {
                    row = rows++;
                    rowOfImage[image] = row;
                    normalizeInto(imageVectors[image], batch.image, row * d);
                }
                batch.hardImage[hard++] = row;
                taken++;
            }
        }
        batch.hardStart[size] = hard;
        batch.images = rows;
        batch.hardWeight = withHard ? hardWeight : 0;
        batch.hardLogWeight = withHard ? Math.log(hardWeight) : Double.NEGATIVE_INFINITY;
        for (int k = 0; k < size; k++) {
            int query = examples.get(members[from + k]).query();
            boolean several = positives.hasSeveral(query);
            for (int l = 0; l < size; l++) {
                batch.masked[k * size + l] = several && l != k
                        && positives.isPositive(query, examples.get(members[from + l]).image());
            }
        }
        for (int k = 0; k < size; k++) {
            TrainingExample example = examples.get(members[from + k]);
            rowOfImage[example.image()] = -1;
            for (int image : example.hardNegatives()) {
                rowOfImage[image] = -1;
            }
        }
    }

    private static void normalizeInto(float[] vector, double[] out, int offset) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        double inv = 1 / Math.sqrt(sum);
        for (int i = 0; i < vector.length; i++) {
            out[offset + i] = vector[i] * inv;
        }
    }
}
