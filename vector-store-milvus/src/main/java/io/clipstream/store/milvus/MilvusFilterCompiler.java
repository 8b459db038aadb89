package io.clipstream.store.milvus;

import io.clipstream.store.filter.Filter;
import io.clipstream.store.filter.FilterField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compiles a {@link Filter} into a Milvus boolean expression; the empty string means no filter.
 *
 * <p>Values are never spliced as syntax. Expression templates ({@code field == {p0}} with
 * {@code filterTemplateValues}) would bind them, but Milvus Lite 3.2.2 does not implement them: tested with
 * milvus-sdk-java 2.6.22, it ignores the template values and its tokenizer rejects the expression with
 * "unexpected character '{'". So every value goes as a literal from {@link MilvusLiterals}, which escapes strings
 * and writes numbers, booleans and times in a canonical form; the same text is valid on a full Milvus server.
 *
 * <p>Metadata keys go as {@code metadata["key"]}, quoted like string values. Milvus Lite also refuses {@code in}
 * on a JSON path ("left side of 'in' must be a field reference"), so {@code in} on a metadata key becomes a
 * chain of {@code ==} joined by {@code or}; on a stored column it stays {@code in [..]}.
 */
final class MilvusFilterCompiler {

    private MilvusFilterCompiler() {
    }

    static String compile(Filter filter) {
        return switch (filter) {
            case Filter.Eq eq -> target(eq.field()) + " == " + literal(eq.field(), eq.value());
            case Filter.In in -> in(in);
            case Filter.Range range -> range(range);
            case Filter.And and -> and(and);
        };
    }

    private static String in(Filter.In in) {
        String target = target(in.field());
        if (in.field().metadata()) {
            return "(" + in.values().stream().map(v -> target + " == " + literal(in.field(), v))
                    .collect(Collectors.joining(" or ")) + ")";
        }
        return target + " in [" + in.values().stream().map(v -> literal(in.field(), v))
                .collect(Collectors.joining(", ")) + "]";
    }

    private static String range(Filter.Range range) {
        String target = target(range.field());
        List<String> bounds = new ArrayList<>(2);
        if (range.lower() != null) {
            bounds.add(target + (range.lowerInclusive() ? " >= " : " > ")
                    + bound(range.field(), range.lower(), range.lowerInclusive(), true));
        }
        if (range.upper() != null) {
            bounds.add(target + (range.upperInclusive() ? " <= " : " < ")
                    + bound(range.field(), range.upper(), range.upperInclusive(), false));
        }
        return bounds.size() == 1 ? bounds.getFirst() : "(" + String.join(" and ", bounds) + ")";
    }

    /**
     * A range bound. Times are rounded to the stored milliseconds so that the range keeps exactly the same
     * records: {@code >= 1.5 ms} is {@code >= 2}, {@code < 1.5 ms} is {@code < 2}, while {@code > 1.5 ms} and
     * {@code <= 1.5 ms} round down.
     */
    private static String bound(FilterField field, Object value, boolean inclusive, boolean lower) {
        if (value instanceof Instant instant) {
            return inclusive == lower ? MilvusLiterals.ceilMillis(instant) : MilvusLiterals.floorMillis(instant);
        }
        return literal(field, value);
    }

    private static String and(Filter.And and) {
        List<String> parts = and.filters().stream().map(MilvusFilterCompiler::compile).filter(p -> !p.isEmpty())
                .toList();
        if (parts.size() <= 1) {
            return parts.isEmpty() ? "" : parts.getFirst();
        }
        return parts.stream().map(p -> "(" + p + ")").collect(Collectors.joining(" and "));
    }

    private static String target(FilterField field) {
        if (field.metadata()) {
            return MilvusVectorStore.METADATA_FIELD + "[" + MilvusLiterals.string(field.name()) + "]";
        }
        if (field.equals(FilterField.EVENT_TIME)) {
            return MilvusVectorStore.EVENT_TIME;
        }
        if (field.equals(FilterField.CONTENT_TYPE)) {
            return MilvusVectorStore.CONTENT_TYPE;
        }
        throw new IllegalArgumentException("no Milvus column for stored field " + field.name());
    }

    /** The field type decides the literal form; {@link Filter} has already checked the value's class. */
    private static String literal(FilterField field, Object value) {
        return switch (field.type()) {
            case STRING -> MilvusLiterals.string((String) value);
            case NUMBER -> MilvusLiterals.number((Number) value);
            case BOOLEAN -> MilvusLiterals.bool((Boolean) value);
            case TIME -> MilvusLiterals.exactMillis((Instant) value);
        };
    }
}
