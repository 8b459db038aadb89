package io.clipstream.trainer.pairs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts what the click-pair topology reports: {@code clipstream.pairs.clicks.dropped} and
 * {@code clipstream.pairs.impressions.dropped} tagged {@code reason}, and {@code clipstream.pairs.emitted}.
 * Every counter is registered up front, so a dashboard sees zeros rather than missing series.
 */
public final class MicrometerClickPairListener implements ClickPairListener {

    public static final String CLICKS_DROPPED = "clipstream.pairs.clicks.dropped";
    public static final String IMPRESSIONS_DROPPED = "clipstream.pairs.impressions.dropped";
    public static final String EMITTED = "clipstream.pairs.emitted";

    private final Map<DropReason, Counter> clicksDropped = new EnumMap<>(DropReason.class);
    private final Map<DropReason, Counter> impressionsDropped = new EnumMap<>(DropReason.class);
    private final Counter emitted;

    public MicrometerClickPairListener(MeterRegistry registry) {
        for (DropReason reason : DropReason.values()) {
            clicksDropped.put(reason, Counter.builder(CLICKS_DROPPED).tag("reason", reason.tag())
                    .description("Clicks the click-pair topology did not use").register(registry));
        }
        for (DropReason reason : new DropReason[] {DropReason.MALFORMED, DropReason.EXPIRED}) {
            impressionsDropped.put(reason, Counter.builder(IMPRESSIONS_DROPPED).tag("reason", reason.tag())
                    .description("Search impressions the click-pair topology ignored").register(registry));
        }
        emitted = Counter.builder(EMITTED).description("Click pairs written (first clicks in text searches)")
                .register(registry);
    }

    @Override
    public void clickDropped(DropReason reason) {
        clicksDropped.get(reason).increment();
    }

    @Override
    public void impressionDropped(DropReason reason) {
        Counter counter = impressionsDropped.get(reason);
        if (counter == null) {
            throw new IllegalArgumentException("impressions are not dropped for " + reason);
        }
        counter.increment();
    }

    @Override
    public void pairEmitted() {
        emitted.increment();
    }
}
