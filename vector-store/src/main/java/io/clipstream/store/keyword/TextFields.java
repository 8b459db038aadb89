package io.clipstream.store.keyword;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The text a record is found by in keyword search: the string values of the collection's declared text fields,
 * one per line in declaration order. Every store indexes this one text, so that BM25 ranks alike on each.
 */
public final class TextFields {

    private TextFields() {
    }

    /** The searchable text of {@code metadata}; empty when no declared field holds a non-blank string. */
    public static String text(Map<String, Object> metadata, List<String> textFields) {
        StringJoiner text = new StringJoiner("\n");
        for (String key : textFields) {
            if (metadata.get(key) instanceof String value && !value.isBlank()) {
                text.add(value);
            }
        }
        return text.toString();
    }
}
