package io.clipstream.store.lucene;

import io.clipstream.store.filter.FieldType;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.filter.FilterField;
import java.time.Instant;
import java.util.List;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Turns a {@link Filter} into a Lucene query built from query objects, so a value is only ever a term or a point
 * and never parsed. Field names follow {@link RecordDocuments}: a metadata filter of one type looks only at the
 * values of that type.
 */
final class LuceneFilterCompiler {

    private LuceneFilterCompiler() {
    }

    /** The query of {@code filter}; {@link MatchAllDocsQuery} for a filter that keeps everything. */
    static Query compile(Filter filter) {
        return switch (filter) {
            case Filter.Eq eq -> equality(eq.field(), List.of(eq.value()));
            case Filter.In in -> equality(in.field(), in.values());
            case Filter.Range range -> range(range);
            case Filter.And and -> and(and);
        };
    }

    private static Query and(Filter.And and) {
        if (and.filters().isEmpty()) {
            return new MatchAllDocsQuery();
        }
        if (and.filters().size() == 1) {
            return compile(and.filters().getFirst());
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (Filter part : and.filters()) {
            all.add(compile(part), BooleanClause.Occur.FILTER);
        }
        return all.build();
    }

    /** {@code field} equals one of {@code values}. */
    private static Query equality(FilterField field, List<?> values) {
        String name = fieldName(field);
        return switch (field.type()) {
            case STRING -> terms(name, values.stream().map(v -> (String) v).toList());
            case BOOLEAN -> terms(name, values.stream().map(Object::toString).toList());
            case NUMBER -> DoublePoint.newSetQuery(name,
                    values.stream().mapToDouble(v -> RecordDocuments.number((Number) v)).toArray());
            case TIME -> LongPoint.newSetQuery(name, values.stream().mapToLong(v -> exactMillis((Instant) v))
                    .toArray());
        };
    }

    private static Query terms(String field, List<String> values) {
        if (values.size() == 1) {
            return new TermQuery(new Term(field, values.getFirst()));
        }
        return new TermInSetQuery(field, values.stream().map(BytesRef::new).toList());
    }

    private static Query range(Filter.Range range) {
        String name = fieldName(range.field());
        if (range.field().type() == FieldType.TIME) {
            long lower = range.lower() == null ? Long.MIN_VALUE
                    : lowerMillis((Instant) range.lower(), range.lowerInclusive());
            long upper = range.upper() == null ? Long.MAX_VALUE
                    : upperMillis((Instant) range.upper(), range.upperInclusive());
            return lower > upper ? new MatchNoDocsQuery("empty time range") : LongPoint.newRangeQuery(name, lower,
                    upper);
        }
        double lower = range.lower() == null ? Double.NEGATIVE_INFINITY
                : RecordDocuments.number((Number) range.lower());
        double upper = range.upper() == null ? Double.POSITIVE_INFINITY
                : RecordDocuments.number((Number) range.upper());
        if (range.lower() != null && !range.lowerInclusive()) {
            lower = Math.nextUp(lower);
        }
        if (range.upper() != null && !range.upperInclusive()) {
            upper = Math.nextDown(upper);
        }
        return DoublePoint.newRangeQuery(name, lower, upper);
    }

    private static String fieldName(FilterField field) {
        if (!field.metadata()) {
            return field.type() == FieldType.TIME ? RecordDocuments.EVENT_TIME : RecordDocuments.CONTENT_TYPE;
        }
        return switch (field.type()) {
            case STRING -> RecordDocuments.stringField(field.name());
            case NUMBER -> RecordDocuments.numberField(field.name());
            case BOOLEAN -> RecordDocuments.booleanField(field.name());
            case TIME -> throw new IllegalArgumentException("metadata field '" + field.name() + "' cannot be TIME");
        };
    }

    /** Event times are whole milliseconds: an equality on a finer instant could never hold. */
    private static long exactMillis(Instant value) {
        if (value.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("time " + value + " is finer than the stored milliseconds");
        }
        return millis(value);
    }

    /** The smallest stored millisecond the lower bound keeps: {@code > 1.5} and {@code >= 1.5} are both {@code >= 2}. */
    private static long lowerMillis(Instant bound, boolean inclusive) {
        long floor = millis(bound);
        boolean whole = bound.getNano() % 1_000_000 == 0;
        return whole && inclusive ? floor : saturatedAdd(floor, 1);
    }

    /** The largest stored millisecond the upper bound keeps: {@code < 1.5} and {@code <= 1.5} are both {@code <= 1}. */
    private static long upperMillis(Instant bound, boolean inclusive) {
        long floor = millis(bound);
        boolean whole = bound.getNano() % 1_000_000 == 0;
        return whole && !inclusive ? saturatedAdd(floor, -1) : floor;
    }

    /** Epoch milliseconds rounded down; instants beyond the long range clamp to its ends. */
    private static long millis(Instant value) {
        try {
            return value.toEpochMilli();
        } catch (ArithmeticException beyondLongMillis) {
            return value.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long value, long delta) {
        long sum = value + delta;
        return ((value ^ sum) & (delta ^ sum)) < 0 ? value : sum;
    }
}
