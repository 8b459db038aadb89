package io.clipstream.indexer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.SyntheticImages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Two indexers in one consumer group share a multi-partition topic, and every image is indexed exactly once. */
class ScaleOutIT {

    private static final int IMAGES = 120;
    private static final Pattern EMBEDDED =
            Pattern.compile("clipstream_encode_records_total\\{[^}]*outcome=\"embedded\"[^}]*} ([0-9.E]+)");

    @AutoClose
    private IndexerFixture fixture;
    private QuarkusApp first;
    private QuarkusApp second;

    @Test
    void twoInstancesSplitThePartitionsAndIndexEachImageOnce() throws Exception {
        fixture = new IndexerFixture("scale", 4);
        first = fixture.start("indexer-scale-1", Map.of());
        second = fixture.start("indexer-scale-2", Map.of());
        String group = "clipstream-encoder-" + fixture.modelId;
        try (Admin admin = fixture.infra.admin()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                return d.members().size() == 2
                        && d.members().stream().map(MemberDescription::assignment)
                        .allMatch(a -> !a.topicPartitions().isEmpty());
            });
        }

        Set<String> expected = new HashSet<>();
        for (int i = 0; i < IMAGES; i++) {
            String id = "scale-" + i;
            expected.add(id);
            fixture.publish(id, "{\"data\":\"" + Base64.getEncoder().encodeToString(
                    SyntheticImages.png(160, 120, 5_000 + i)) + "\"}");
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> fixture.rows() == IMAGES);
        assertThat(fixture.store().allIds(fixture.collection)).containsExactlyInAnyOrderElementsOf(expected);
        List<ConsumerRecord<byte[], byte[]>> log = fixture.read(fixture.embeddings);
        assertThat(log).as("each image encoded exactly once").hasSize(IMAGES);
        Set<String> keys = new HashSet<>();
        log.forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
        assertThat(keys).isEqualTo(expected);
        double byFirst = embedded(first);
        double bySecond = embedded(second);
        assertThat(byFirst).as("first instance's share").isPositive();
        assertThat(bySecond).as("second instance's share").isPositive();
        assertThat(byFirst + bySecond).isEqualTo(IMAGES);
    }

    @Test
    void encodeAndProjectorRunAsSeparateServices() {
        fixture = new IndexerFixture("split", 2);
        first = fixture.start("indexer-encode-only", Map.of("clipstream.projector.enabled", "false"));
        second = fixture.start("indexer-project-only", Map.of("clipstream.encode.enabled", "false"));
        for (int i = 0; i < 12; i++) {
            fixture.publish("split-" + i, "{\"data\":\"" + Base64.getEncoder().encodeToString(
                    SyntheticImages.png(96, 96, 8_000 + i)) + "\"}");
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> fixture.rows() == 12);
        assertThat(embedded(first)).isEqualTo(12);
        assertThat(embedded(second)).isZero();
        assertThat(second.get("/q/health/ready").body()).contains("\"encode\": \"disabled\"");
    }

    private static double embedded(QuarkusApp app) {
        Matcher m = EMBEDDED.matcher(app.get("/q/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
