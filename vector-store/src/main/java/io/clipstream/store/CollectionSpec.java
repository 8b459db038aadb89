package io.clipstream.store;

import io.clipstream.kafka.naming.Names;
import io.clipstream.store.filter.FilterField;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A collection of image vectors: one per model version, named {@code images_<model>_v<version>}.
 *
 * @param dims vector dimension
 * @param textFields the metadata keys whose string values are indexed for keyword search, in this order; empty for
 *                   a collection searched by vector only. A collection keeps the text fields it was created with.
 */
public record CollectionSpec(String name, int dims, List<String> textFields) {

    /** A collection searched by vector only. */
    public CollectionSpec(String name, int dims) {
        this(name, dims, List.of());
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

    public CollectionSpec {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("collection name '" + name
                    + "' must be letters, digits and underscores, starting with a letter or underscore");
        }
        if (dims < 1 || dims > 32768) {
            throw new IllegalArgumentException("dims must be within 1..32768, got " + dims);
        }
        textFields = List.copyOf(textFields == null ? List.of() : textFields);
        for (String key : textFields) {
            // The same key rule as filter fields: a text field is a metadata key.
            FilterField.metadata(key, io.clipstream.store.filter.FieldType.STRING);
        }
        if (textFields.stream().distinct().count() != textFields.size()) {
            throw new IllegalArgumentException("text fields must be distinct, got " + textFields);
        }
    }

    /** The collection of a model version, as {@link Names#collection} builds it. */
    public static String nameFor(String modelId, int version) {
        return Names.collection(modelId, version);
    }
}
