package io.clipstream.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON Schema files under {@code schemas/} on the classpath, used to validate events at the edges. */
public final class EventSchemas {

    public static final String IMAGE_ID = "image-id";
    public static final String IMAGE_UPLOADED = "image-uploaded";
    public static final String IMAGE_EMBEDDED = "image-embedded";
    public static final String IMAGE_INDEXED = "image-indexed";
    public static final String DEAD_LETTER = "dead-letter";
    public static final String SEARCH_IMPRESSION = "search-impression";
    public static final String SEARCH_CLICK = "search-click";
    public static final String MODEL_VERSION = "model-version";
    public static final String CLICK_PAIR = "click-pair";
    public static final String PAIR_STATS = "pair-stats";
    public static final String IMAGE_EVIDENCE = "image-evidence";
    public static final String IMAGE_DUPLICATES = "image-duplicates";
    public static final String DUPLICATE_DISMISSAL = "duplicate-dismissal";

    private static final String BASE_URI = "https://clipstream.io/schemas/";
    private static final EventSchemas INSTANCE = new EventSchemas();

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE_URI, "classpath:schemas/")));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .locale(Locale.ENGLISH)
            .pathType(PathType.JSON_PATH)
            .build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    public static EventSchemas get() {
        return INSTANCE;
    }

    /** Problems found in {@code node} against schema {@code name}, each naming its JSON path; empty if valid. */
    public List<String> validate(String name, JsonNode node) {
        return schema(name).validate(node).stream()
                .sorted(Comparator.comparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage)
                .toList();
    }

    /** Problems with a record key used as an image id; empty if valid. */
    public List<String> validateImageId(String key) {
        return validate(IMAGE_ID, TextNode.valueOf(key));
    }

    /** The schema document itself, for tests that hold Java types against it. */
    public JsonNode document(String name) {
        String resource = "schemas/" + name + ".schema.json";
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema file " + resource + " on the classpath");
            }
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private JsonSchema schema(String name) {
        return schemas.computeIfAbsent(name, n -> {
            JsonSchema schema = factory.getSchema(SchemaLocation.of(BASE_URI + n + ".schema.json"), config);
            schema.initializeValidators();
            return schema;
        });
    }
}
