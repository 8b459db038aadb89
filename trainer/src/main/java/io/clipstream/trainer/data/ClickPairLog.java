package io.clipstream.trainer.data;

import io.clipstream.events.ClickPair;
import io.clipstream.events.EventJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jboss.logging.Logger;

/** The click pairs of a training window, read from the click-pairs topic. */
public final class ClickPairLog {

    private static final Logger LOG = Logger.getLogger(ClickPairLog.class);

    private final KafkaClients kafka;
    private final String topic;

    public ClickPairLog(KafkaClients kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    /** Pairs of {@code baseModelId} whose click time is in {@code [from, to)}; unreadable records are skipped. */
    public Window read(String baseModelId, Instant from, Instant to) {
        List<ClickPair> pairs = new ArrayList<>();
        int[] unreadable = {0};
        int[] otherModel = {0};
        try (KafkaConsumer<String, byte[]> consumer = kafka.reader("clipstream-trainer-pairs")) {
            // Record timestamps are the click times the topology wrote, so seeking by time finds the window start.
            TopicScan.from(consumer, topic, from.toEpochMilli(), record -> {
                if (record.value() == null) {
                    return;
                }
                ClickPair pair;
                try {
                    pair = EventJson.mapper().readValue(record.value(), ClickPair.class);
                } catch (IOException e) {
                    unreadable[0]++;
                    LOG.warnf("skipping unreadable click pair at %s-%d@%d: %s", record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                    return;
                }
                if (!baseModelId.equals(pair.baseModelId())) {
                    otherModel[0]++;
                    return;
                }
                Instant time = pair.clickTime();
                if (time != null && !time.isBefore(from) && time.isBefore(to)) {
                    pairs.add(pair);
                }
            });
        }
        return new Window(from, to, pairs, unreadable[0], otherModel[0]);
    }

    /** What a window held. */
    public record Window(Instant from, Instant to, List<ClickPair> pairs, int unreadable, int otherModel) {
    }
}
