package io.clipstream.indexer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.events.DeadLetter;
import io.clipstream.events.ErrorClass;
import io.clipstream.indexer.project.ProjectorGroup;
import io.clipstream.indexer.reindex.ReindexData;
import io.clipstream.kafka.TopicCreator;
import io.clipstream.testing.QuarkusApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The packaged indexer meets a record the real store refuses for good (a url longer than its column): that record
 * goes to the embeddings dead-letter topic, byte for byte, with the store's message and its origin; every other
 * record is stored and the committed offsets reach the log's end: the partition does not stall.
 */
class ProjectorRefusalIT {

    private static final int DIMS = 16;

    @AutoClose
    private IndexerFixture fixture;
    private QuarkusApp indexer;

    @Test
    void aRecordTheStoreRefusesIsDeadLetteredWithItsMessageAndEveryOtherOneIsStored() {
        fixture = new IndexerFixture("refusal", 3);
        fixture.infra.createTopic(fixture.embeddings, 3, TopicCreator.COMPACT);
        Map<String, byte[]> log = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            String id = "img-" + i;
            String url = i == 13 ? "https://example.org/" + "long/".repeat(1_000) : "https://example.org/" + id;
            log.put(id, ReindexData.embedding(id, fixture.modelId, ReindexData.unitVector(DIMS, i), url));
        }
        fixture.sendAll(fixture.embeddings, log);
        indexer = fixture.start("indexer-refusal", Map.of("clipstream.encode.enabled", "false"));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> fixture.caughtUp(ProjectorGroup.of(fixture.modelId, 0)));
        TreeSet<String> stored = new TreeSet<>(log.keySet());
        stored.remove("img-13");
        assertThat(new TreeSet<>(fixture.store().allIds(fixture.collection))).isEqualTo(stored);

        List<ConsumerRecord<byte[], byte[]>> letters = fixture.read(fixture.embeddings + ".dlq");
        assertThat(letters).hasSize(1);
        ConsumerRecord<byte[], byte[]> letter = letters.getFirst();
        ConsumerRecord<byte[], byte[]> origin = fixture.read(fixture.embeddings).stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("img-13")).findFirst().orElseThrow();
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("img-13");
        assertThat(letter.value()).isEqualTo(log.get("img-13"));
        Map<String, String> headers = new HashMap<>();
        for (Header h : letter.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsEntry(DeadLetter.ERROR_CLASS, ErrorClass.STORE_REJECTED.name())
                .containsEntry(DeadLetter.TOPIC, fixture.embeddings)
                .containsEntry(DeadLetter.PARTITION, Integer.toString(origin.partition()))
                .containsEntry(DeadLetter.OFFSET, Long.toString(origin.offset()));
        assertThat(headers.get(DeadLetter.REASON)).as("the store's own message").contains("Milvus").contains("'url'");

        assertThat(indexer.get("/q/metrics").body())
                .containsPattern("clipstream_projector_refused_total\\{version=\"0\"} 1\\.0")
                .containsPattern("clipstream_projector_records_total\\{op=\"upsert\",version=\"0\"} 29\\.0");
        assertThat(indexer.get("/q/health/ready").statusCode()).as("a refusal is no outage").isEqualTo(200);
    }
}
