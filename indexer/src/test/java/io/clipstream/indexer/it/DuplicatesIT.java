package io.clipstream.indexer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.events.DuplicateDismissal;
import io.clipstream.events.DuplicateTier;
import io.clipstream.events.EmbeddingMessage;
import io.clipstream.events.EventJson;
import io.clipstream.events.EventSchemas;
import io.clipstream.events.ImageDuplicates;
import io.clipstream.kafka.naming.Names;
import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.SyntheticImages;
import io.clipstream.testing.shapes.Scene;
import io.clipstream.testing.shapes.SceneRenderer;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The duplicates stage in the packaged indexer on a real broker and Milvus Lite, with the trained tiny CLIP: uploads
 * go in, the compacted duplicates topic holds an exact group (same bytes), a near group (a JPEG re-encode) and no
 * group for a different picture or for two black frames; a delete leaves the group correct; after a restart the
 * stage has its state back from the topic and a new near copy joins the existing group; a dismissed group goes and
 * stays gone when a restarted stage regroups its members. Offsets follow the writes.
 */
class DuplicatesIT {

    @AutoClose
    private IndexerFixture fixture;
    private QuarkusApp indexer;

    @Test
    void groupsFollowUploadsDeletesAndRestarts() throws Exception {
        fixture = new IndexerFixture("dupes", 3);
        Map<String, String> settings = Map.of(
                "clipstream.model.dir", RepoPaths.trainedTinyModel().toString(),
                "clipstream.duplicates.near-min-cosine.default", "0.98",
                "clipstream.duplicates.scene-min-cosine.default", "0.98");
        BufferedImage picture = SceneRenderer.render(new Scene("red", "star", "striped", 2, "large", "grass"), 256, 7);
        BufferedImage other = SceneRenderer.render(new Scene("blue", "circle", "plain", 1, "small", "snow"), 256, 8);
        byte[] png = SyntheticImages.encode(picture, "png");
        indexer = fixture.start("indexer-dupes", settings);

        publish("a-original", png);
        publish("b-copy", png);
        publish("c-jpeg", SyntheticImages.jpeg(picture, 0.6f));
        publish("d-other", SyntheticImages.encode(other, "png"));
        publish("e-black", SyntheticImages.jpeg(flat(120, 120, 0x030303), 0.9f));
        publish("f-black", SyntheticImages.encode(flat(96, 96, 0x000000), "png"));

        await().atMost(Duration.ofSeconds(90)).until(() -> latest().keySet().containsAll(List.of("a-original",
                "b-copy", "c-jpeg", "d-other", "e-black", "f-black")) && group("c-jpeg", DuplicateTier.NEAR)
                .map(g -> g.members().size() == 3).orElse(false));
        Map<String, ImageDuplicates> records = latest();
        assertThat(group("a-original", DuplicateTier.EXACT)).hasValueSatisfying(g -> {
            assertThat(g.groupId()).isEqualTo("a-original");
            assertThat(g.members()).extracting(ImageDuplicates.Member::imageId)
                    .containsExactly("a-original", "b-copy");
        });
        assertThat(group("c-jpeg", DuplicateTier.EXACT)).isEmpty();
        assertThat(group("c-jpeg", DuplicateTier.NEAR)).hasValueSatisfying(g -> assertThat(g.groupId())
                .isEqualTo("a-original"));
        assertThat(records.get("d-other").groups()).isEmpty();
        assertThat(records.get("e-black").groups()).isEmpty();
        assertThat(records.get("f-black").groups()).isEmpty();
        assertThat(records.get("f-black").evidence().degenerate()).isTrue();
        for (ConsumerRecord<byte[], byte[]> r : fixture.read(fixture.duplicates)) {
            if (r.value() != null) {
                assertThat(EventSchemas.get().validate(EventSchemas.IMAGE_DUPLICATES,
                        EventJson.mapper().readTree(r.value()))).isEmpty();
            }
        }
        assertThat(embeddedEvidence("a-original")).as("evidence in the embeddings header").isTrue();

        // A delete: the copy's record goes, the exact group with it; the near group stays, without it.
        fixture.publish("b-copy", null);
        await().atMost(Duration.ofSeconds(60)).until(() -> !latest().containsKey("b-copy")
                && group("a-original", DuplicateTier.EXACT).isEmpty());
        assertThat(group("a-original", DuplicateTier.NEAR)).hasValueSatisfying(g -> assertThat(g.members())
                .extracting(ImageDuplicates.Member::imageId).containsExactly("a-original", "c-jpeg"));
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.caughtUp(Names.duplicatesGroup(fixture.modelId)));

        // A restart: state from the topic; a new re-encode joins the group the first run made.
        indexer.stop();
        indexer = fixture.start("indexer-dupes-2", settings);
        publish("g-jpeg", SyntheticImages.jpeg(picture, 0.8f));
        await().atMost(Duration.ofSeconds(90)).until(() -> group("g-jpeg", DuplicateTier.NEAR)
                .map(g -> g.members().size() == 3).orElse(false));
        assertThat(group("a-original", DuplicateTier.NEAR)).hasValueSatisfying(g -> assertThat(g.members())
                .extracting(ImageDuplicates.Member::imageId).containsExactly("a-original", "c-jpeg", "g-jpeg"));

        // A user dismisses the near group: it is gone, and stays gone when a restarted stage redoes the others.
        DuplicateDismissal dismissal = new DuplicateDismissal(DuplicateTier.NEAR, "a-original",
                List.of("a-original", "c-jpeg", "g-jpeg"), Instant.now());
        fixture.send(fixture.duplicates + ".dismissals", dismissal.key().getBytes(StandardCharsets.UTF_8),
                EventJson.mapper().writeValueAsBytes(dismissal));
        await().atMost(Duration.ofSeconds(60)).until(() -> group("a-original", DuplicateTier.NEAR).isEmpty()
                && group("g-jpeg", DuplicateTier.NEAR).isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.caughtUp(Names.duplicatesGroup(fixture.modelId)));
        indexer.stop();
        indexer = fixture.start("indexer-dupes-3", settings);
        fixture.publish("g-jpeg", null);
        await().atMost(Duration.ofSeconds(90)).until(() -> !latest().containsKey("g-jpeg"));
        assertThat(latest().get("a-original").links()).extracting(ImageDuplicates.Link::imageId)
                .containsExactly("c-jpeg");
        assertThat(group("a-original", DuplicateTier.NEAR)).as("dismissed, also after a restart").isEmpty();
        assertThat(group("c-jpeg", DuplicateTier.NEAR)).isEmpty();
    }

    private void publish(String id, byte[] image) {
        fixture.publish(id, "{\"data\":\"" + Base64.getEncoder().encodeToString(image) + "\"}");
    }

    private static BufferedImage flat(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /** The latest record per image id on the duplicates topic; tombstoned ids are absent. */
    private Map<String, ImageDuplicates> latest() throws Exception {
        Map<String, ImageDuplicates> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : fixture.read(fixture.duplicates)) {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                out.remove(id);
            } else {
                out.put(id, EventJson.mapper().readValue(r.value(), ImageDuplicates.class));
            }
        }
        return out;
    }

    private Optional<ImageDuplicates.Group> group(String id, DuplicateTier tier) throws Exception {
        ImageDuplicates record = latest().get(id);
        return record == null ? Optional.empty()
                : record.groups().stream().filter(g -> g.tier() == tier).findFirst();
    }

    private boolean embeddedEvidence(String id) {
        return fixture.read(fixture.embeddings).stream()
                .filter(r -> id.equals(new String(r.key(), StandardCharsets.UTF_8)) && r.value() != null)
                .map(r -> EmbeddingMessage.decode(r.value()).header().evidence())
                .allMatch(e -> e != null && e.contentSha256().length() == 64);
    }
}
