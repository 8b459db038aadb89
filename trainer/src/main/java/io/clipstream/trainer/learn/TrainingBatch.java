package io.clipstream.trainer.learn;

/**
 * One step's inputs, in buffers sized once for the largest batch: the batch's unit-length base query vectors, the
 * unit-length base image vectors (its positives first, one per pair, then the distinct hard negatives), per-pair
 * weights averaging 1, each pair's hard negatives as rows of the image block, and the in-batch pairs that must not
 * count as negatives because they are positives elsewhere in the data.
 */
final class TrainingBatch {

    final int dims;
    final int capacity;
    final int maxHardNegatives;

    /** Pairs in this batch; the first {@code size} image rows are their positives. */
    int size;
    /** Image rows in use: positives plus distinct hard negatives. */
    int images;
    /** log(hard negative weight): added to hard negatives' InfoNCE logits. */
    double hardLogWeight;
    /** Hard negative weight: multiplies their sigmoid terms. */
    double hardWeight;

    final double[] text;
    final double[] image;
    final double[] weight;
    /** Pair k's hard negatives are {@code hardImage[hardStart[k] .. hardStart[k + 1])}. */
    final int[] hardStart;
    final int[] hardImage;
    /** {@code masked[k * size + l]}: image l is a positive of query k elsewhere; never set on the diagonal. */
    final boolean[] masked;

    TrainingBatch(int dims, int capacity, int maxHardNegatives) {
        this.dims = dims;
        this.capacity = capacity;
        this.maxHardNegatives = maxHardNegatives;
        this.text = new double[capacity * dims];
        this.image = new double[imageCapacity() * dims];
        this.weight = new double[capacity];
        this.hardStart = new int[capacity + 1];
        this.hardImage = new int[capacity * maxHardNegatives];
        this.masked = new boolean[capacity * capacity];
    }

    int imageCapacity() {
        return capacity * (1 + maxHardNegatives);
    }

    int hardNegatives() {
        return hardStart[size];
    }
}
