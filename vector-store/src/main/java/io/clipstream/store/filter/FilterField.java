package io.clipstream.store.filter;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A field a filter may test: one of the stored columns ({@link #EVENT_TIME}, {@link #CONTENT_TYPE}) or a key of
 * the image's metadata. Keys follow the upload schema's property-name pattern, so a field can never carry
 * expression syntax; adapters still quote it.
 */
public record FilterField(String name, FieldType type, boolean metadata) {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public static final FilterField EVENT_TIME = new FilterField("eventTime", FieldType.TIME, false);
    public static final FilterField CONTENT_TYPE = new FilterField("contentType", FieldType.STRING, false);

    public FilterField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!KEY.matcher(name).matches()) {
            throw new IllegalArgumentException("field name '" + name + "' must match " + KEY.pattern());
        }
        if (!metadata && !(name.equals("eventTime") && type == FieldType.TIME)
                && !(name.equals("contentType") && type == FieldType.STRING)) {
            throw new IllegalArgumentException("unknown stored field '" + name + "'");
        }
        if (metadata && type == FieldType.TIME) {
            throw new IllegalArgumentException("metadata field '" + name + "' cannot be TIME: only eventTime is");
        }
    }

    public static FilterField metadata(String key, FieldType type) {
        return new FilterField(key, type, true);
    }
}
