package io.clipstream.trainer.pairs;

import io.clipstream.kafka.topics.TopicsConfig;
import java.util.Objects;

/** The topics the click-pair topology reads and writes. Both inputs must have the same partition count. */
public record ClickPairTopics(String impressions, String clicks, String clickPairs, String pairStats) {

    public ClickPairTopics {
        Objects.requireNonNull(impressions, "impressions");
        Objects.requireNonNull(clicks, "clicks");
        Objects.requireNonNull(clickPairs, "clickPairs");
        Objects.requireNonNull(pairStats, "pairStats");
    }

    public static ClickPairTopics from(TopicsConfig topics) {
        return new ClickPairTopics(topics.impressions(), topics.clicks(), topics.clickPairs(), topics.pairStats());
    }
}
