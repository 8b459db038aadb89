package io.clipstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The schema files are the contract: every Java event type must name exactly the schema's properties. */
class SchemaContractTest {

    private final EventSchemas schemas = EventSchemas.get();

    @ParameterizedTest
    @CsvSource({
        "image-uploaded, io.clipstream.events.ImageUploaded",
        "image-embedded, io.clipstream.events.ImageEmbedded",
        "image-indexed, io.clipstream.events.ImageIndexed",
        "search-impression, io.clipstream.events.SearchImpression",
        "search-click, io.clipstream.events.SearchClick",
        "model-version, io.clipstream.events.ModelVersionEvent",
        "click-pair, io.clipstream.events.ClickPair",
        "pair-stats, io.clipstream.events.PairStats",
        "image-evidence, io.clipstream.events.ImageEvidence",
        "image-duplicates, io.clipstream.events.ImageDuplicates",
        "duplicate-dismissal, io.clipstream.events.DuplicateDismissal"
    })
    void recordComponentsAreExactlyTheSchemaProperties(String schema, Class<?> type) {
        Set<String> components = Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());

        assertThat(components).isEqualTo(propertyNames(schema));
    }

    @ParameterizedTest
    @CsvSource({
        "image-embedded, io.clipstream.events.ImageEmbedded",
        "image-indexed, io.clipstream.events.ImageIndexed",
        "click-pair, io.clipstream.events.ClickPair",
        "pair-stats, io.clipstream.events.PairStats"
    })
    void requiredPropertiesArePrimitiveOrAlwaysSetByTheFactories(String schema, Class<?> type) {
        Set<String> required = textValues(schemas.document(schema).path("required"));

        assertThat(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList())
                .containsAll(required);
    }

    @Test
    void deadLetterHeadersAreTheSchemaProperties() {
        Set<String> declared = Set.of(DeadLetter.ERROR_CLASS, DeadLetter.REASON, DeadLetter.EXCEPTION_CLASS_NAME,
                DeadLetter.TOPIC, DeadLetter.PARTITION, DeadLetter.OFFSET, DeadLetter.STAGE, DeadLetter.TIME);

        assertThat(declared).isEqualTo(propertyNames(EventSchemas.DEAD_LETTER));
    }

    @Test
    void enumsMatchTheSchemaEnums() {
        assertThat(enumNames(ErrorClass.values()))
                .isEqualTo(textValues(property(EventSchemas.DEAD_LETTER, DeadLetter.ERROR_CLASS).path("enum")));
        assertThat(enumNames(IndexStatus.values()))
                .isEqualTo(textValues(property(EventSchemas.IMAGE_INDEXED, "status").path("enum")));
        assertThat(Set.of("f32le", "f16le"))
                .isEqualTo(textValues(property(EventSchemas.IMAGE_EMBEDDED, "vectorEncoding").path("enum")));
        assertThat(enumNames(ModelVersionEvent.Type.values()))
                .isEqualTo(textValues(property(EventSchemas.MODEL_VERSION, "type").path("enum")));
    }

    @Test
    void searchEventsProducedByJavaValidate() {
        var impression = new SearchImpression("s-0123456789", "a red square", null, null, null, "tiny-clip", 0,
                "images_tiny_clip_v0", 2, 20, 20, java.util.List.of(new SearchImpression.Shown("img-1", 21, 0.25)),
                java.time.Instant.parse("2026-11-27T10:00:00Z"));
        var click = new SearchClick("c-0123456789", "s-0123456789", "img-1", 21, null, "tiny-clip", 0,
                java.time.Instant.parse("2026-11-27T10:00:01Z"));
        var activated = new ModelVersionEvent(ModelVersionEvent.Type.ACTIVATED, "tiny-clip", 1, "images_tiny_clip_v1",
                0, java.time.Instant.parse("2026-11-27T10:00:02Z"));

        assertThat(schemas.validate(EventSchemas.SEARCH_IMPRESSION, EventJson.mapper().valueToTree(impression)))
                .isEmpty();
        assertThat(schemas.validate(EventSchemas.SEARCH_CLICK, EventJson.mapper().valueToTree(click))).isEmpty();
        assertThat(schemas.validate(EventSchemas.MODEL_VERSION, EventJson.mapper().valueToTree(activated)))
                .isEmpty();
        var published = new ModelVersionEvent(ModelVersionEvent.Type.PUBLISHED, "tiny-clip", 2, "images_tiny_clip_v2",
                null, java.time.Instant.parse("2026-11-27T10:00:03Z"),
                new ModelVersionEvent.ReindexTarget("images.embeddings.tiny-clip", java.util.Map.of(0, 12L, 1, 0L)));
        assertThat(schemas.validate(EventSchemas.MODEL_VERSION, EventJson.mapper().valueToTree(published)))
                .isEmpty();
        var negative = EventJson.mapper().valueToTree(published);
        ((com.fasterxml.jackson.databind.node.ObjectNode) negative.path("reindexTarget").path("endOffsets"))
                .put("0", -1);
        assertThat(schemas.validate(EventSchemas.MODEL_VERSION, negative)).isNotEmpty();
    }

    @Test
    void trainingEventsProducedByJavaValidate() {
        var pair = new ClickPair("s-0123456789", "c-0123456789", "a red square", "img-3", 2,
                java.util.List.of("img-1", "file/photos/2"), 3.0, "tiny-clip", 1,
                java.time.Instant.parse("2026-11-27T10:00:00Z"), java.time.Instant.parse("2026-11-27T10:00:05Z"));
        var topClick = new ClickPair("s-0123456789", "c-9876543210", "a red square", "img-1", 0, java.util.List.of(),
                1.0, "tiny-clip", 1, java.time.Instant.parse("2026-11-27T10:00:00Z"),
                java.time.Instant.parse("2026-11-27T10:00:06Z"));
        var stats = new PairStats("a red square", "img-3", 3, 2, 4.5, java.time.Instant.parse("2026-11-27T10:00:05Z"),
                java.time.Instant.parse("2026-11-28T09:00:00Z"));

        assertThat(schemas.validate(EventSchemas.CLICK_PAIR, EventJson.mapper().valueToTree(pair))).isEmpty();
        assertThat(schemas.validate(EventSchemas.CLICK_PAIR, EventJson.mapper().valueToTree(topClick))).isEmpty();
        assertThat(schemas.validate(EventSchemas.PAIR_STATS, EventJson.mapper().valueToTree(stats))).isEmpty();
    }

    @Test
    void incompleteTrainingEventsAreRefused() {
        var noNegatives = new ClickPair("s-0123456789", "c-0123456789", "a red square", "img-3", 2, null, 3.0,
                "tiny-clip", 1, java.time.Instant.parse("2026-11-27T10:00:00Z"),
                java.time.Instant.parse("2026-11-27T10:00:05Z"));
        var negativeRank = new ClickPair("s-0123456789", "c-0123456789", "a red square", "img-3", -1,
                java.util.List.of(), 1.0, "tiny-clip", 1, java.time.Instant.parse("2026-11-27T10:00:00Z"),
                java.time.Instant.parse("2026-11-27T10:00:05Z"));
        var noClicks = new PairStats("a red square", "img-3", 0, 0, 0.0, null, null);

        assertThat(schemas.validate(EventSchemas.CLICK_PAIR, EventJson.mapper().valueToTree(noNegatives)))
                .isNotEmpty();
        assertThat(schemas.validate(EventSchemas.CLICK_PAIR, EventJson.mapper().valueToTree(negativeRank)))
                .isNotEmpty();
        assertThat(schemas.validate(EventSchemas.PAIR_STATS, EventJson.mapper().valueToTree(noClicks)))
                .isNotEmpty();
    }

    @Test
    void anImpressionWithTwoQueriesIsRefused() {
        var both = new SearchImpression("s-0123456789", "text", "img-1", null, null, "tiny-clip", 0, "c", 1, 0, 20,
                java.util.List.of(), java.time.Instant.parse("2026-11-27T10:00:00Z"));

        assertThat(schemas.validate(EventSchemas.SEARCH_IMPRESSION, EventJson.mapper().valueToTree(both)))
                .isNotEmpty();
    }

    @Test
    void weightedImpressionsValidateWithOrWithoutATrainingText() {
        var terms = java.util.List.of(new SearchImpression.Term("beach", null, null, 1),
                new SearchImpression.Term("people", null, null, -1),
                new SearchImpression.Term(null, "img-1", null, 0.5),
                new SearchImpression.Term(null, null, "ab".repeat(32), -0.25));
        var withText = weighted("beach", terms, null, null);
        var withoutText = weighted(null, terms, null, null);

        assertThat(schemas.validate(EventSchemas.SEARCH_IMPRESSION, EventJson.mapper().valueToTree(withText)))
                .isEmpty();
        assertThat(schemas.validate(EventSchemas.SEARCH_IMPRESSION, EventJson.mapper().valueToTree(withoutText)))
                .isEmpty();
        assertThat(schemas.validate(EventSchemas.SEARCH_IMPRESSION,
                EventJson.mapper().valueToTree(weighted("beach", terms, "img-1", null)))).isNotEmpty();
        assertThat(schemas.validate(EventSchemas.SEARCH_IMPRESSION,
                EventJson.mapper().valueToTree(weighted(null, terms, null, "ab".repeat(32))))).isNotEmpty();
        assertThat(schemas.validate(EventSchemas.SEARCH_IMPRESSION, EventJson.mapper().valueToTree(weighted("a",
                java.util.List.of(terms.get(0), new SearchImpression.Term("b", null, null, 0)), null, null))))
                .as("a zero weight").isNotEmpty();
        assertThat(schemas.validate(EventSchemas.SEARCH_IMPRESSION, EventJson.mapper().valueToTree(weighted("a",
                java.util.List.of(terms.get(0), new SearchImpression.Term("b", "img-2", null, 1)), null, null))))
                .as("a term of two kinds").isNotEmpty();
        assertThat(schemas.validate(EventSchemas.SEARCH_IMPRESSION, EventJson.mapper().valueToTree(weighted("a",
                java.util.List.of(new SearchImpression.Term(null, null, null, 1), terms.get(0)), null, null))))
                .as("a term of no kind").isNotEmpty();
    }

    @Test
    void impressionsWrittenBeforeTermsExistedStillValidateAndRead() throws Exception {
        String old = """
                {"searchId":"s-0123456789","queryText":"a red square","baseModelId":"tiny-clip","modelVersion":0,
                 "collection":"images_tiny_clip_v0","page":1,"offset":0,"k":20,
                 "shown":[{"imageId":"img-1","rank":1,"score":0.25}],"time":"2026-11-27T10:00:00Z"}""";

        assertThat(schemas.validate(EventSchemas.SEARCH_IMPRESSION, EventJson.mapper().readTree(old))).isEmpty();
        SearchImpression read = EventJson.mapper().readValue(old, SearchImpression.class);
        assertThat(read.terms()).isNull();
        assertThat(read.queryText()).isEqualTo("a red square");
        assertThat(read.shown()).hasSize(1);

        var weighted = weighted("beach", java.util.List.of(new SearchImpression.Term("beach", null, null, 1),
                new SearchImpression.Term("people", null, null, -1)), null, null);
        assertThat(EventJson.mapper().readValue(EventJson.mapper().writeValueAsBytes(weighted),
                SearchImpression.class)).isEqualTo(weighted);
    }

    private static SearchImpression weighted(String text, java.util.List<SearchImpression.Term> terms,
                                             String imageId, String upload) {
        return new SearchImpression("s-0123456789", text, imageId, upload, terms, null, "tiny-clip", 0,
                "images_tiny_clip_v0", 1, 0, 20, java.util.List.of(new SearchImpression.Shown("img-3", 1, 0.5)),
                java.time.Instant.parse("2026-11-27T10:00:00Z"));
    }

    private Set<String> propertyNames(String schema) {
        Set<String> names = new HashSet<>();
        schemas.document(schema).path("properties").fieldNames().forEachRemaining(names::add);
        assertThat(names).as("properties of " + schema).isNotEmpty();
        return names;
    }

    private JsonNode property(String schema, String name) {
        return schemas.document(schema).path("properties").path(name);
    }

    private static Set<String> textValues(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).collect(Collectors.toSet());
    }

    private static Set<String> enumNames(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toSet());
    }
}
