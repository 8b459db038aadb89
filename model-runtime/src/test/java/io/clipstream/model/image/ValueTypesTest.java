package io.clipstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Validation of the small value types: DecodeLimits, RgbImage, PreprocessSpec, ImageDecodeException. */
class ValueTypesTest {

    @Test
    void decodeLimitsDefaultsAndValidation() {
        DecodeLimits d = DecodeLimits.defaults();
        assertThat(d.maxBytes()).isEqualTo(20L * 1024 * 1024);
        assertThat(d.maxPixels()).isEqualTo(40_000_000L);
        assertThatThrownBy(() -> new DecodeLimits(0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes");
        assertThatThrownBy(() -> new DecodeLimits(10, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPixels");
        assertThatThrownBy(() -> new DecodeLimits(10, 1L << 40)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPixels");
        assertThatThrownBy(() -> new DecodeLimits(1L << 40, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes");
    }

    @Test
    void rgbImageChecksTheBufferLength() {
        assertThat(new RgbImage(2, 3, new byte[18]).sample(1, 2, 2)).isZero();
        assertThatThrownBy(() -> new RgbImage(2, 3, new byte[17])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2x3").hasMessageContaining("18");
        assertThatThrownBy(() -> new RgbImage(0, 3, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RgbImage(2, 3, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void rgbImageHasValueEquality() {
        byte[] a = {1, 2, 3};
        assertThat(new RgbImage(1, 1, a)).isEqualTo(new RgbImage(1, 1, a.clone()))
                .hasSameHashCodeAs(new RgbImage(1, 1, a.clone()))
                .isNotEqualTo(new RgbImage(1, 1, new byte[] {1, 2, 4}));
        assertThat(new RgbImage(1, 1, a)).hasToString("RgbImage[1x1]");
    }

    @Test
    void preprocessSpecValidatesAndCopiesItsArrays() {
        float[] mean = {0.5f, 0.5f, 0.5f};
        PreprocessSpec spec = new PreprocessSpec(ResizeMode.SQUASH, 224, 224, 224, 1 / 255.0, mean, mean);
        mean[0] = 9f;
        assertThat(spec.mean()[0]).isEqualTo(0.5f);
        spec.mean()[1] = 9f;
        assertThat(spec.mean()[1]).isEqualTo(0.5f);
        assertThat(spec).isEqualTo(PreprocessSpec.siglip(224));
        assertThat(spec.tensorSize()).isEqualTo(3 * 224 * 224);

        float[] ok = {0.5f, 0.5f, 0.5f};
        assertThatThrownBy(() -> new PreprocessSpec(ResizeMode.SHORTEST_EDGE_CENTER_CROP, 0, 224, 224, 1 / 255.0, ok, ok))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shortestEdge");
        assertThatThrownBy(() -> new PreprocessSpec(ResizeMode.SQUASH, 224, 0, 224, 1 / 255.0, ok, ok))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crop size");
        assertThatThrownBy(() -> new PreprocessSpec(ResizeMode.SQUASH, 224, 224, 224, 0, ok, ok))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rescaleFactor");
        assertThatThrownBy(() -> new PreprocessSpec(ResizeMode.SQUASH, 224, 224, 224, 1, new float[2], ok))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one value per RGB channel");
        assertThatThrownBy(() -> new PreprocessSpec(ResizeMode.SQUASH, 224, 224, 224, 1, ok, new float[] {1, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("std[1]");
        assertThatThrownBy(() -> new PreprocessSpec(ResizeMode.SQUASH, 224, 224, 224, 1, new float[] {Float.NaN, 0, 0}, ok))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mean[0]");
    }

    @Test
    void clipPresetMatchesOpenAiConfig() {
        PreprocessSpec clip = PreprocessSpec.clip(224);
        assertThat(clip.mode()).isEqualTo(ResizeMode.SHORTEST_EDGE_CENTER_CROP);
        assertThat(clip.mean()).containsExactly(0.48145466f, 0.4578275f, 0.40821073f);
        assertThat(clip.std()).containsExactly(0.26862954f, 0.26130258f, 0.27577711f);
        assertThat(clip.rescaleFactor()).isEqualTo(0.00392156862745098);
    }

    @Test
    void exceptionCarriesItsReason() {
        ImageDecodeException e = new ImageDecodeException(ImageDecodeException.Reason.CORRUPT, "bad");
        assertThat(e.reason()).isEqualTo(ImageDecodeException.Reason.CORRUPT);
        assertThat(e).hasMessage("bad");
        assertThatThrownBy(() -> new ImageDecodeException(null, "x")).isInstanceOf(NullPointerException.class);
    }
}
