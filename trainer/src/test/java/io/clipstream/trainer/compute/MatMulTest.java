package io.clipstream.trainer.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MatMulTest {

    @Test
    void productMatchesTheDefinitionBitForBitForAnyRowSplit() {
        Random random = new Random(4);
        // Sizes that leave remainders in both block directions.
        int rows = 11;
        int cols = 7;
        int inner = 13;
        double[] a = random.doubles(3 + rows * inner).toArray();
        double[] b = random.doubles(5 + cols * inner).toArray();
        double[] expected = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double sum = 0;
                for (int k = 0; k < inner; k++) {
                    sum += a[3 + i * inner + k] * b[5 + j * inner + k];
                }
                expected[i * cols + j] = sum;
            }
        }
        double[] whole = new double[2 + rows * cols];
        MatMul.timesTransposed(a, 3, b, 5, cols, inner, whole, 2, 0, rows);
        double[] split = new double[2 + rows * cols];
        MatMul.timesTransposed(a, 3, b, 5, cols, inner, split, 2, 0, 3);
        MatMul.timesTransposed(a, 3, b, 5, cols, inner, split, 2, 3, 10);
        MatMul.timesTransposed(a, 3, b, 5, cols, inner, split, 2, 10, rows);

        for (int i = 0; i < rows * cols; i++) {
            assertThat(whole[2 + i]).as("element %d", i).isEqualTo(expected[i]);
        }
        assertThat(split).isEqualTo(whole);
    }

    @Test
    void transposeSwapsRowsAndColumns() {
        double[] src = {9, 1, 2, 3, 4, 5, 6};
        double[] dst = new double[6];
        MatMul.transpose(src, 1, 2, 3, dst);
        assertThat(dst).containsExactly(1, 4, 2, 5, 3, 6);
    }

    @Test
    void parallelRangesCoverEveryIndexOnceAndRethrowFailures() {
        try (ParallelRanges parallel = new ParallelRanges(3)) {
            int[] hits = new int[1000];
            parallel.forEach(1000, 1 << 20, (from, to) -> {
                for (int i = from; i < to; i++) {
                    hits[i]++;
                }
            });
            assertThat(hits).containsOnly(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> parallel.forEach(1000, 1 << 20, (from, to) -> {
                if (from > 0) {
                    throw new IllegalStateException("boom at " + from);
                }
            })).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("boom at");
        }
    }
}
