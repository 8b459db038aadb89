package io.clipstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidationTest {

    private final EventSchemas schemas = EventSchemas.get();

    @ParameterizedTest
    @ValueSource(strings = {"image-uploaded.url.json", "image-uploaded.inline.json"})
    void readmeExamplesAreValid(String file) throws IOException {
        JsonNode example = EventJson.mapper().readTree(Files.readString(Path.of("examples", file)));

        assertThat(schemas.validate(EventSchemas.IMAGE_UPLOADED, example)).isEmpty();
        ImageUploaded event = EventJson.mapper().treeToValue(example, ImageUploaded.class);
        assertThat(event.url() != null).isNotEqualTo(event.isInline());
    }

    @Test
    void javaEventsSerialiseToValidDocuments() {
        Instant now = Instant.parse("2026-11-27T10:15:30.123Z");
        ImageUploaded uploaded = ImageUploaded.byUrl("https://example.org/a.jpg")
                .withContentType("image/jpeg").withMetadata(Map.of("k", "v", "n", 3, "b", true)).withEventTime(now);
        ImageEmbedded embedded = new ImageEmbedded("img-1", "tiny-clip", 4, VectorEncoding.F16LE, "https://x/a.jpg",
                "image/jpeg", 640, 480, Map.of("k", "v"), now, now);

        assertThat(schemas.validate(EventSchemas.IMAGE_UPLOADED, tree(uploaded))).isEmpty();
        assertThat(schemas.validate(EventSchemas.IMAGE_EMBEDDED, tree(embedded))).isEmpty();
        assertThat(schemas.validate(EventSchemas.IMAGE_INDEXED,
                tree(ImageIndexed.stored("img-1", IndexStatus.INDEXED, "tiny-clip", 0, "images_tiny_clip_v0", now))))
                .isEmpty();
        assertThat(schemas.validate(EventSchemas.IMAGE_INDEXED,
                tree(ImageIndexed.rejected("img-1", ErrorClass.CORRUPT_IMAGE, "truncated", now)))).isEmpty();
        DeadLetter letter = new DeadLetter(ErrorClass.FORBIDDEN_URL, "loopback", null, "images.uploaded", 2, 41L,
                "encode", now);
        assertThat(schemas.validate(EventSchemas.DEAD_LETTER, EventJson.mapper().valueToTree(letter.toHeaders())))
                .isEmpty();
        assertThat(DeadLetter.fromHeaders(letter.toHeaders())).isEqualTo(letter);
    }

    @Test
    void badUploadsAreRefusedNamingTheField() {
        assertThat(errors("{\"url\":\"ftp://example.org/a.jpg\"}")).anyMatch(m -> m.contains("$.url"));
        assertThat(errors("{\"url\":\"https://example.org/a.jpg\",\"data\":\"AAAA\"}")).isNotEmpty();
        assertThat(errors("{\"metadata\":{\"a\":\"b\"}}")).anyMatch(m -> m.contains("url") || m.contains("data"));
        assertThat(errors("{\"url\":\"https://e.org/a\",\"eventTime\":\"yesterday\"}"))
                .anyMatch(m -> m.contains("$.eventTime"));
        assertThat(errors("{\"url\":\"https://e.org/a\",\"metadata\":{\"nested\":{\"x\":1}}}"))
                .anyMatch(m -> m.contains("$.metadata.nested"));
        assertThat(errors("{\"url\":\"https://e.org/a\",\"ulr\":\"typo\"}")).anyMatch(m -> m.contains("ulr"));
        assertThat(errors("{\"url\":\"https://e.org/a\",\"contentType\":\"text/html\"}"))
                .anyMatch(m -> m.contains("$.contentType"));
    }

    @Test
    void metadataIsBounded() {
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("key" + i, i);
        }
        ObjectNode tooMany = (ObjectNode) tree(ImageUploaded.byUrl("https://e.org/a").withMetadata(many));
        ObjectNode tooLong = (ObjectNode) tree(ImageUploaded.byUrl("https://e.org/a")
                .withMetadata(Map.of("caption", "x".repeat(1025))));

        assertThat(schemas.validate(EventSchemas.IMAGE_UPLOADED, tooMany)).anyMatch(m -> m.contains("$.metadata"));
        assertThat(schemas.validate(EventSchemas.IMAGE_UPLOADED, tooLong))
                .anyMatch(m -> m.contains("$.metadata.caption"));
    }

    @Test
    void imageIdsAreBoundedTextWithoutControlCharacters() {
        assertThat(schemas.validateImageId("photos/2026/cat.jpg")).isEmpty();
        assertThat(schemas.validateImageId("")).isNotEmpty();
        assertThat(schemas.validateImageId("x".repeat(513))).isNotEmpty();
        assertThat(schemas.validateImageId("bad\nid")).isNotEmpty();
    }

    private List<String> errors(String json) {
        try {
            return schemas.validate(EventSchemas.IMAGE_UPLOADED, EventJson.mapper().readTree(json));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void evidenceAndDuplicatesValidateAndOldHeadersStillDo() throws Exception {
        Instant now = Instant.parse("2026-12-07T10:15:30Z");
        ImageEvidence evidence = new ImageEvidence("a".repeat(64), "b".repeat(64), "0f".repeat(64), false);
        ImageEmbedded withEvidence = new ImageEmbedded("img-1", "tiny-clip", 4, VectorEncoding.F32LE, null,
                "image/png", 8, 8, Map.of(), now, now, evidence);
        ImageEmbedded without = new ImageEmbedded("img-1", "tiny-clip", 4, VectorEncoding.F32LE, null,
                "image/png", 8, 8, Map.of(), now, now);
        ImageDuplicates duplicates = new ImageDuplicates("img-1", "tiny-clip", now, evidence,
                List.of(new ImageDuplicates.Link("img-2", DuplicateTier.NEAR, 0.97, 0.93)),
                List.of(new ImageDuplicates.Group(DuplicateTier.NEAR, "img-1", List.of(
                        new ImageDuplicates.Member("img-1", 0.97), new ImageDuplicates.Member("img-2", 0.97)))), now);

        assertThat(schemas.validate(EventSchemas.IMAGE_EMBEDDED, tree(withEvidence))).isEmpty();
        assertThat(tree(without).has("evidence")).isFalse();
        assertThat(schemas.validate(EventSchemas.IMAGE_EMBEDDED, tree(without))).isEmpty();
        assertThat(schemas.validate(EventSchemas.IMAGE_DUPLICATES, tree(duplicates))).isEmpty();
        DuplicateDismissal dismissal = new DuplicateDismissal(DuplicateTier.NEAR, "img-1", List.of("img-1", "img-2"),
                now);
        assertThat(schemas.validate(EventSchemas.DUPLICATE_DISMISSAL, tree(dismissal))).isEmpty();
        assertThat(dismissal.key()).isEqualTo("near:img-1");
        assertThat(schemas.validate(EventSchemas.DUPLICATE_DISMISSAL, EventJson.mapper().readTree(
                "{\"tier\":\"close\",\"groupId\":\"a\",\"members\":[\"a\"],\"dismissedTime\":\"x\"}")))
                .anyMatch(m -> m.contains("$.tier")).anyMatch(m -> m.contains("$.members"));
        assertThat(EventJson.mapper().treeToValue(tree(duplicates), ImageDuplicates.class)).isEqualTo(duplicates);
        assertThat(EventJson.mapper().treeToValue(tree(withEvidence), ImageEmbedded.class).evidence())
                .isEqualTo(evidence);
        assertThat(schemas.validate(EventSchemas.IMAGE_EVIDENCE, EventJson.mapper().readTree(
                "{\"contentSha256\":\"x\",\"pixelSha256\":\"" + "b".repeat(64)
                        + "\",\"greyThumbnail\":\"00\",\"degenerate\":false}")))
                .anyMatch(m -> m.contains("$.contentSha256")).anyMatch(m -> m.contains("$.greyThumbnail"));
    }

    private static JsonNode tree(Object event) {
        return EventJson.mapper().valueToTree(event);
    }
}
