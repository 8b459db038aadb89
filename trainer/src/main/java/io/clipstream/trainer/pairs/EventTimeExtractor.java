package io.clipstream.trainer.pairs;

import io.clipstream.events.SearchClick;
import io.clipstream.events.SearchImpression;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of search events: their own {@code time}, not the record timestamp. The query API sends impressions
 * from a queue of their own, so an impression's record timestamp is when it was sent, which can be after the
 * clicks on its results. Records without a usable time keep their record timestamp (or the partition's time).
 */
final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Instant time = switch (record.value()) {
            case SearchImpression impression -> impression.time();
            case SearchClick click -> click.time();
            case null, default -> null;
        };
        if (time != null) {
            return time.toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }
}
