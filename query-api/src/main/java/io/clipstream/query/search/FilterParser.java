package io.clipstream.query.search;

import io.clipstream.store.filter.FieldType;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.filter.FilterField;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the request's filter, {@code {"field": value}} or {@code {"field": {"op": value, ...}}} with operators
 * eq, in, gt, gte, lt, lte, into a {@link Filter}. Only declared fields are accepted and every value is checked
 * against the field's type; nothing of the request ever reaches the store as query syntax. A filter it cannot
 * read is an {@link InvalidFilterException} naming the JSON path at fault.
 */
public final class FilterParser {

    public static final int MAX_CLAUSES = 16;
    private static final Set<String> RANGE_OPS = Set.of("gt", "gte", "lt", "lte");

    private final Map<String, FilterField> fields;

    /** @param declared metadata field name to type name (string, number, boolean) */
    public FilterParser(Map<String, String> declared) {
        Map<String, FilterField> all = new LinkedHashMap<>();
        all.put(FilterField.EVENT_TIME.name(), FilterField.EVENT_TIME);
        all.put(FilterField.CONTENT_TYPE.name(), FilterField.CONTENT_TYPE);
        declared.forEach((name, type) -> {
            FieldType parsed = switch (type.toLowerCase(Locale.ROOT)) {
                case "string" -> FieldType.STRING;
                case "number" -> FieldType.NUMBER;
                case "boolean" -> FieldType.BOOLEAN;
                default -> throw new IllegalArgumentException("clipstream.search.filter-fields." + name
                        + " must be string, number or boolean, got " + type);
            };
            if (all.containsKey(name)) {
                throw new IllegalArgumentException("filter field " + name + " is built in; do not declare it");
            }
            all.put(name, FilterField.metadata(name, parsed));
        });
        this.fields = Map.copyOf(all);
    }

    public Set<String> fieldNames() {
        return fields.keySet();
    }

    public Filter parse(Map<String, Object> filter) {
        if (filter == null || filter.isEmpty()) {
            return Filter.NONE;
        }
        List<Filter> clauses = new ArrayList<>();
        for (Map.Entry<String, Object> entry : filter.entrySet()) {
            FilterField field = fields.get(entry.getKey());
            String path = "filter." + entry.getKey();
            if (field == null) {
                throw new InvalidFilterException(path, "unknown filter field '" + entry.getKey() + "'; filterable fields: "
                        + fields.keySet().stream().sorted().toList());
            }
            if (entry.getValue() instanceof Map<?, ?> ops) {
                clauses.addAll(operators(field, path, ops));
            } else {
                clauses.add(new Filter.Eq(field, literal(field, path, entry.getValue())));
            }
        }
        if (clauses.size() > MAX_CLAUSES) {
            throw new InvalidFilterException("filter", "at most " + MAX_CLAUSES + " conditions per filter");
        }
        return new Filter.And(clauses);
    }

    private List<Filter> operators(FilterField field, String path, Map<?, ?> ops) {
        if (ops.isEmpty()) {
            throw new InvalidFilterException(path, "give a value or at least one of eq, in, gt, gte, lt, lte");
        }
        List<Filter> out = new ArrayList<>();
        Object lower = null;
        Object upper = null;
        boolean lowerInclusive = false;
        boolean upperInclusive = false;
        for (Map.Entry<?, ?> op : ops.entrySet()) {
            String name = String.valueOf(op.getKey());
            String opPath = path + "." + name;
            switch (name) {
                case "eq" -> out.add(new Filter.Eq(field, literal(field, opPath, op.getValue())));
                case "in" -> out.add(in(field, opPath, op.getValue()));
                case "gt", "gte" -> {
                    requireRange(field, opPath);
                    if (lower != null) {
                        throw new InvalidFilterException(opPath, "give only one of gt and gte");
                    }
                    lower = literal(field, opPath, op.getValue());
                    lowerInclusive = name.equals("gte");
                }
                case "lt", "lte" -> {
                    requireRange(field, opPath);
                    if (upper != null) {
                        throw new InvalidFilterException(opPath, "give only one of lt and lte");
                    }
                    upper = literal(field, opPath, op.getValue());
                    upperInclusive = name.equals("lte");
                }
                default -> throw new InvalidFilterException(opPath, "unknown operator '" + name
                        + "'; use eq, in" + (rangeable(field) ? ", " + String.join(", ", sorted(RANGE_OPS)) : ""));
            }
        }
        if (lower != null || upper != null) {
            out.add(new Filter.Range(field, lower, lowerInclusive, upper, upperInclusive));
        }
        return out;
    }

    private static Filter in(FilterField field, String path, Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > Filter.In.MAX_IN) {
            throw new InvalidFilterException(path, "'in' takes an array of 1 to " + Filter.In.MAX_IN + " values");
        }
        List<Object> values = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            values.add(literal(field, path + "[" + i + "]", list.get(i)));
        }
        return new Filter.In(field, values);
    }

    private static void requireRange(FilterField field, String path) {
        if (!rangeable(field)) {
            throw new InvalidFilterException(path, "ranges need a number or time field; " + field.name() + " is "
                    + field.type().name().toLowerCase(Locale.ROOT));
        }
    }

    private static boolean rangeable(FilterField field) {
        return field.type() == FieldType.NUMBER || field.type() == FieldType.TIME;
    }

    private static Object literal(FilterField field, String path, Object value) {
        String type = field.type().name().toLowerCase(Locale.ROOT);
        switch (field.type()) {
            case STRING -> {
                if (value instanceof String s && s.length() <= 1024) {
                    return s;
                }
            }
            case NUMBER -> {
                if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                    return n;
                }
            }
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    return b;
                }
            }
            case TIME -> {
                if (value instanceof String s) {
                    try {
                        return Instant.parse(s);
                    } catch (DateTimeParseException e) {
                        throw new InvalidFilterException(path, "'" + s + "' is not an RFC 3339 time such as "
                                + "2024-05-01T00:00:00Z");
                    }
                }
                if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                    return Instant.ofEpochMilli(n.longValue());
                }
                type = "time (RFC 3339 string or epoch milliseconds)";
            }
            default -> throw new IllegalStateException("unhandled field type " + field.type());
        }
        throw new InvalidFilterException(path, field.name() + " is a " + type + " field; "
                + (value == null ? "null" : "'" + value + "'") + " does not fit"
                + (field.type() == FieldType.STRING ? " (strings up to 1024 characters)" : ""));
    }

    private static List<String> sorted(Set<String> set) {
        return set.stream().sorted().toList();
    }
}
