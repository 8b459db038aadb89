package io.clipstream.indexer.reindex;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.events.EventJson;
import io.clipstream.events.ModelVersionEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class PublishedVersionsTest {

    private final AtomicInteger malformed = new AtomicInteger();
    private final PublishedVersions versions = new PublishedVersions("m", malformed::incrementAndGet);
    private long offset;

    @Test
    void aPublishedRecordPublishesAndATombstoneRetires() throws Exception {
        assertThat(versions.apply(published("m", 1))).contains(new PublishedVersions.Published(1));
        assertThat(versions.apply(published("m", 2))).contains(new PublishedVersions.Published(2));
        assertThat(versions.published()).containsExactly(1, 2);

        assertThat(versions.apply(tombstone("m/v1"))).contains(new PublishedVersions.Retired(1));

        assertThat(versions.published()).containsExactly(2);
        assertThat(versions.retired()).containsExactly(1);
        assertThat(malformed).hasValue(0);
    }

    @Test
    void repeatedRecordsChangeNothingAndTheLatestRecordOfAKeyWins() throws Exception {
        versions.apply(published("m", 3));
        assertThat(versions.apply(published("m", 3))).isEmpty();
        versions.apply(tombstone("m/v3"));
        assertThat(versions.apply(tombstone("m/v3"))).isEmpty();

        assertThat(versions.apply(published("m", 3))).contains(new PublishedVersions.Published(3));

        assertThat(versions.published()).containsExactly(3);
        assertThat(versions.retired()).isEmpty();
    }

    @Test
    void aTombstoneOfAVersionNeverSeenPublishedStillRetiresIt() {
        // Compaction may have removed the PUBLISHED record already; its collection may still exist.
        assertThat(versions.apply(tombstone("m/v4"))).contains(new PublishedVersions.Retired(4));
        assertThat(versions.retired()).containsExactly(4);
    }

    @Test
    void otherModelsAndTheActiveKeyAreIgnored() throws Exception {
        assertThat(versions.apply(published("m2", 1))).isEmpty();
        assertThat(versions.apply(tombstone("m2/v1"))).isEmpty();
        assertThat(versions.apply(record("m/active", json(new ModelVersionEvent(ModelVersionEvent.Type.ACTIVATED,
                "m", 1, "images_m_v1", 0, Instant.now())))))
                .isEmpty();
        assertThat(versions.apply(tombstone("m/active"))).isEmpty();
        assertThat(versions.apply(record(null, "{}".getBytes(StandardCharsets.UTF_8)))).isEmpty();
        assertThat(versions.apply(published("m/vx", 1))).isEmpty();

        assertThat(versions.published()).isEmpty();
        assertThat(versions.retired()).isEmpty();
        assertThat(malformed).hasValue(0);
    }

    @Test
    void malformedRecordsAreCountedAndSkipped() throws Exception {
        versions.apply(published("m", 1));

        assertThat(versions.apply(record("m/v1", "not json".getBytes(StandardCharsets.UTF_8)))).isEmpty();
        assertThat(versions.apply(record("m/v2", "{\"type\":\"PUBLISHED\"}".getBytes(StandardCharsets.UTF_8))))
                .as("fails the schema").isEmpty();
        assertThat(versions.apply(record("m/v2", json(new ModelVersionEvent(ModelVersionEvent.Type.ACTIVATED, "m",
                2, "images_m_v2", 1, Instant.now()))))).as("ACTIVATED on a version key").isEmpty();
        assertThat(versions.apply(record("m/v2", json(event("m", 3))))).as("key and value disagree on the version")
                .isEmpty();
        assertThat(versions.apply(record("m/v2", json(event("other", 2))))).as("value of another model").isEmpty();
        assertThat(versions.apply(tombstone("m/v99999999999"))).as("version out of range").isEmpty();

        assertThat(malformed).hasValue(6);
        assertThat(versions.published()).as("a bad record leaves the state as it was").containsExactly(1);
        assertThat(versions.retired()).isEmpty();
    }

    private ConsumerRecord<String, byte[]> published(String model, int version) throws Exception {
        return record(ModelVersionEvent.publishedKey(model, version), json(event(model, version)));
    }

    private static ModelVersionEvent event(String model, int version) {
        return new ModelVersionEvent(ModelVersionEvent.Type.PUBLISHED, model, version, "images_" + model + "_v"
                + version, null, Instant.parse("2026-01-02T03:04:05Z"));
    }

    private static byte[] json(ModelVersionEvent event) throws Exception {
        return EventJson.mapper().writeValueAsBytes(event);
    }

    private ConsumerRecord<String, byte[]> tombstone(String key) {
        return record(key, null);
    }

    private ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("models", 0, offset++, key, value);
    }
}
