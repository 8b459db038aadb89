package io.clipstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DctMarginTest {

    @Test
    void aNumberScalesTheLargestResizeTarget() {
        assertThat(DctMargin.minShortSide(DctMargin.parse("2"), PreprocessSpec.clip(224))).isEqualTo(448);
        assertThat(DctMargin.minShortSide(DctMargin.parse(" 1.5 "), PreprocessSpec.siglip(384))).isEqualTo(576);
    }

    @Test
    void exactMeansFullScale() {
        assertThat(DctMargin.minShortSide(DctMargin.parse("exact"), PreprocessSpec.clip(224))).isZero();
        assertThat(DctMargin.parse("OFF")).isZero();
    }

    @Test
    void marginsBelowOneAndWordsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> DctMargin.parse("0.5")).hasMessageContaining("dct-margin");
        assertThatThrownBy(() -> DctMargin.parse("NaN")).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> DctMargin.parse("two")).hasMessageContaining("'two'");
    }
}
