package io.clipstream.indexer.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.model.image.RgbImage;
import org.junit.jupiter.api.Test;

class BoxReducerTest {

    @Test
    void eachOutputPixelIsTheMeanOfItsBlockAndEdgeBlocksMayBeSmaller() {
        // 5x3, values = x * 10 + y in every channel; factor 2 gives 3x2 with partial blocks on the right and bottom.
        byte[] rgb = new byte[5 * 3 * 3];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(y * 5 + x) * 3 + c] = (byte) (x * 10 + y + c);
                }
            }
        }

        RgbImage reduced = BoxReducer.reduce(new RgbImage(5, 3, rgb), 2);

        assertThat(reduced.width()).isEqualTo(3);
        assertThat(reduced.height()).isEqualTo(2);
        // (0,0): x 0..1, y 0..1 -> mean of 0, 10, 1, 11 = 5.5 -> 6 (rounded half up)
        assertThat(reduced.sample(0, 0, 0)).isEqualTo(6);
        // (2,0): x 4, y 0..1 -> mean of 40, 41 = 40.5 -> 41
        assertThat(reduced.sample(2, 0, 0)).isEqualTo(41);
        // (1,1): x 2..3, y 2 -> mean of 22, 32 = 27
        assertThat(reduced.sample(1, 1, 0)).isEqualTo(27);
        // (2,1): the single pixel (4,2) = 42, channel 2 adds 2
        assertThat(reduced.sample(2, 1, 2)).isEqualTo(44);
    }

    @Test
    void factorOneCopies() {
        RgbImage image = new RgbImage(2, 1, new byte[] {1, 2, 3, 4, 5, 6});
        assertThat(BoxReducer.reduce(image, 1)).isEqualTo(image);
    }
}
