package io.clipstream.store.filter;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A structured metadata filter, the only way a search narrows its candidates. Values stay data: an adapter binds
 * or escapes them and never splices them into its query language. Literal types must match the field type:
 * {@link String} for STRING, {@link Number} for NUMBER, {@link Boolean} for BOOLEAN, {@link Instant} for TIME.
 */
public sealed interface Filter {

    /** Matches everything. */
    Filter NONE = new And(List.of());

    /** {@code field == value}. */
    record Eq(FilterField field, Object value) implements Filter {
        public Eq {
            checkLiteral(field, value);
        }
    }

    /** {@code field} equals one of {@code values} (1 to {@value #MAX_IN} of them). */
    record In(FilterField field, List<?> values) implements Filter {
        public static final int MAX_IN = 256;

        public In {
            values = List.copyOf(values);
            if (values.isEmpty() || values.size() > MAX_IN) {
                throw new IllegalArgumentException("'in' on " + field.name() + " needs 1 to " + MAX_IN + " values");
            }
            for (Object v : values) {
                checkLiteral(field, v);
            }
        }
    }

    /** A numeric or time range; a null bound is open. */
    record Range(FilterField field, Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive)
            implements Filter {
        public Range {
            if (field.type() != FieldType.NUMBER && field.type() != FieldType.TIME) {
                throw new IllegalArgumentException("range on " + field.name() + " needs a number or time field");
            }
            if (lower == null && upper == null) {
                throw new IllegalArgumentException("range on " + field.name() + " needs at least one bound");
            }
            if (lower != null) {
                checkLiteral(field, lower);
            }
            if (upper != null) {
                checkLiteral(field, upper);
            }
        }
    }

    /** All of {@code filters}; empty matches everything. */
    record And(List<Filter> filters) implements Filter {
        public And {
            filters = List.copyOf(filters);
        }
    }

    default boolean isNone() {
        return this instanceof And and && and.filters().isEmpty();
    }

    private static void checkLiteral(FilterField field, Object value) {
        Objects.requireNonNull(value, () -> "value for " + field.name());
        boolean ok = switch (field.type()) {
            case STRING -> value instanceof String;
            case NUMBER -> value instanceof Number n && Double.isFinite(n.doubleValue());
            case BOOLEAN -> value instanceof Boolean;
            case TIME -> value instanceof Instant;
        };
        if (!ok) {
            throw new IllegalArgumentException("value " + value + " does not fit " + field.type() + " field "
                    + field.name());
        }
    }
}
