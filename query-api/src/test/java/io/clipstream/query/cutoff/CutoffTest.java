package io.clipstream.query.cutoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CutoffTest {

    @Test
    void readsAutoNoneAndProbabilities() {
        assertThat(Cutoff.parse("auto")).isInstanceOf(Cutoff.Auto.class);
        assertThat(Cutoff.parse(" NONE ")).isInstanceOf(Cutoff.None.class);
        assertThat(Cutoff.parse("0.25")).isEqualTo(new Cutoff.At(0.25));
        assertThat(Cutoff.parse("0")).isEqualTo(new Cutoff.At(0));
        assertThat(Cutoff.parse("1")).isEqualTo(new Cutoff.At(1));
        assertThat(Cutoff.parse("5e-1")).isEqualTo(new Cutoff.At(0.5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "1.5", "-0.1", "NaN", "Infinity", "0x1p-1", "0.5d", ""})
    void refusesAnythingElse(String value) {
        assertThatThrownBy(() -> Cutoff.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(value);
    }
}
