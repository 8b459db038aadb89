package io.clipstream.trainer.pairs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MicrometerClickPairListenerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerClickPairListener listener = new MicrometerClickPairListener(registry);

    @Test
    void countsDropsByReasonAndEmittedPairs() {
        listener.clickDropped(DropReason.DUPLICATE);
        listener.clickDropped(DropReason.DUPLICATE);
        listener.clickDropped(DropReason.OVER_CAP);
        listener.impressionDropped(DropReason.EXPIRED);
        listener.pairEmitted();

        assertThat(clicksDropped("duplicate")).isEqualTo(2.0);
        assertThat(clicksDropped("over-cap")).isEqualTo(1.0);
        assertThat(clicksDropped("unknown-search")).as("registered before the first drop").isZero();
        assertThat(registry.get(MicrometerClickPairListener.IMPRESSIONS_DROPPED).tag("reason", "expired").counter()
                .count()).isEqualTo(1.0);
        assertThat(registry.get(MicrometerClickPairListener.EMITTED).counter().count()).isEqualTo(1.0);
    }

    @Test
    void refusesAnImpressionDropReasonTheTopologyNeverGives() {
        assertThatThrownBy(() -> listener.impressionDropped(DropReason.OVER_CAP))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private double clicksDropped(String reason) {
        return registry.get(MicrometerClickPairListener.CLICKS_DROPPED).tag("reason", reason).counter().count();
    }
}
