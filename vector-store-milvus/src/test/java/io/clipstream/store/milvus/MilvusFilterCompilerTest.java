package io.clipstream.store.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.store.filter.FieldType;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.filter.FilterField;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The expression text the compiler emits, checked without a server. */
class MilvusFilterCompilerTest {

    private static final FilterField ALBUM = FilterField.metadata("album", FieldType.STRING);
    private static final FilterField RATING = FilterField.metadata("rating", FieldType.NUMBER);
    private static final FilterField PUBLIC = FilterField.metadata("public", FieldType.BOOLEAN);

    @Test
    void noFilterIsTheEmptyExpression() {
        assertThat(MilvusFilterCompiler.compile(Filter.NONE)).isEmpty();
        assertThat(MilvusFilterCompiler.compile(new Filter.And(List.of(Filter.NONE, new Filter.And(List.of())))))
                .isEmpty();
    }

    @Test
    void equalityOnEachFieldKind() {
        assertThat(MilvusFilterCompiler.compile(new Filter.Eq(ALBUM, "pets")))
                .isEqualTo("metadata[\"album\"] == \"pets\"");
        assertThat(MilvusFilterCompiler.compile(new Filter.Eq(RATING, 5))).isEqualTo("metadata[\"rating\"] == 5");
        assertThat(MilvusFilterCompiler.compile(new Filter.Eq(PUBLIC, false)))
                .isEqualTo("metadata[\"public\"] == false");
        assertThat(MilvusFilterCompiler.compile(new Filter.Eq(FilterField.CONTENT_TYPE, "image/png")))
                .isEqualTo("content_type == \"image/png\"");
        assertThat(MilvusFilterCompiler.compile(new Filter.Eq(FilterField.EVENT_TIME,
                Instant.ofEpochMilli(1_780_000_000_123L)))).isEqualTo("event_time == 1780000000123");
    }

    @Test
    void inIsAnOrChainOnMetadataAndAnInListOnColumns() {
        assertThat(MilvusFilterCompiler.compile(new Filter.In(ALBUM, List.of("pets", "work"))))
                .isEqualTo("(metadata[\"album\"] == \"pets\" or metadata[\"album\"] == \"work\")");
        assertThat(MilvusFilterCompiler.compile(new Filter.In(FilterField.CONTENT_TYPE,
                List.of("image/png", "image/gif")))).isEqualTo("content_type in [\"image/png\", \"image/gif\"]");
        assertThat(MilvusFilterCompiler.compile(new Filter.In(FilterField.EVENT_TIME,
                List.of(Instant.ofEpochMilli(-5), Instant.ofEpochMilli(7))))).isEqualTo("event_time in [-5, 7]");
    }

    @Test
    void rangesHonourEachBoundKind() {
        assertThat(MilvusFilterCompiler.compile(new Filter.Range(RATING, 3, true, 4.5, true)))
                .isEqualTo("(metadata[\"rating\"] >= 3 and metadata[\"rating\"] <= 4.5)");
        assertThat(MilvusFilterCompiler.compile(new Filter.Range(RATING, 3, false, 5, false)))
                .isEqualTo("(metadata[\"rating\"] > 3 and metadata[\"rating\"] < 5)");
        assertThat(MilvusFilterCompiler.compile(new Filter.Range(RATING, null, false, -2, true)))
                .isEqualTo("metadata[\"rating\"] <= -2");
        assertThat(MilvusFilterCompiler.compile(new Filter.Range(RATING, 0.5, false, null, false)))
                .isEqualTo("metadata[\"rating\"] > 0.5");
    }

    @Test
    void timeRangesRoundToTheStoredMillisecondsWithoutChangingWhichRecordsMatch() {
        Instant between = Instant.ofEpochMilli(1000).plusNanos(500_000);
        assertThat(MilvusFilterCompiler.compile(new Filter.Range(FilterField.EVENT_TIME, between, true, between,
                false))).isEqualTo("(event_time >= 1001 and event_time < 1001)");
        assertThat(MilvusFilterCompiler.compile(new Filter.Range(FilterField.EVENT_TIME, between, false, between,
                true))).isEqualTo("(event_time > 1000 and event_time <= 1000)");
        assertThatThrownBy(() -> MilvusFilterCompiler.compile(new Filter.Eq(FilterField.EVENT_TIME, between)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void conjunctionsParenthesiseEachPartAndSkipEmptyOnes() {
        Filter filter = new Filter.And(List.of(new Filter.Eq(ALBUM, "pets"), Filter.NONE,
                new Filter.And(List.of(new Filter.Range(RATING, 3, true, null, false),
                        new Filter.Eq(PUBLIC, true)))));

        assertThat(MilvusFilterCompiler.compile(filter)).isEqualTo("(metadata[\"album\"] == \"pets\") and "
                + "((metadata[\"rating\"] >= 3) and (metadata[\"public\"] == true))");
        assertThat(MilvusFilterCompiler.compile(new Filter.And(List.of(new Filter.Eq(ALBUM, "x")))))
                .isEqualTo("metadata[\"album\"] == \"x\"");
    }

    @Test
    void numbersHaveOneCanonicalForm() {
        Map<Number, String> expected = Map.of(
                (byte) 7, "7",
                Long.MAX_VALUE, "9223372036854775807",
                -0.0, "-0.0",
                0.1f, "0.1",
                1e-5, "1.0E-5",
                new BigDecimal("5.00"), "5",
                new BigDecimal("2.50"), "2.5",
                new BigInteger("1000000000000000000000000000000"), "1.0E30");
        expected.forEach((number, text) -> assertThat(MilvusLiterals.number(number))
                .as("%s (%s)", number, number.getClass().getSimpleName()).isEqualTo(text));
    }

    @Test
    void numbersWithoutAFiniteValueAreRefused() {
        for (Number number : List.of(Double.NaN, Float.NEGATIVE_INFINITY, new BigDecimal("1E+999999999"))) {
            assertThatThrownBy(() -> MilvusLiterals.number(number)).as("%s", number)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void stringsEscapeQuotesBackslashesAndLineBreaks() {
        assertThat(MilvusLiterals.string("x\" or id != \"")).isEqualTo("\"x\\\" or id != \\\"\"");
        assertThat(MilvusLiterals.string("a\\b\nc\rd\te")).isEqualTo("\"a\\\\b\\nc\\rd\\te\"");
        assertThat(MilvusLiterals.string("\u201cq\u201d 'single' \ud83d\ude00"))
                .isEqualTo("\"\u201cq\u201d 'single' \ud83d\ude00\"");
        assertThatThrownBy(() -> MilvusLiterals.string("lone \ud800 high"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MilvusLiterals.string("lone \udc00 low"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Whatever the value, the expression is the key access, {@code ==} and one literal that decodes to it. */
    @ParameterizedTest
    @ValueSource(strings = {"x\" or id != \"", "\") or true or (\"", "\\\" || 1==1 || \\\"", "\\", "\\\\\"",
            "trailing\\", "line\nbreak\r\n", "\u201cpets\u201d \u2018x\u2019 \uff02", "metadata[\"a\"] == 1",
            "' or '1'=='1", "\"", "", "]) or (id != \""})
    void noValueLeavesItsLiteral(String evil) {
        String expression = MilvusFilterCompiler.compile(new Filter.Eq(ALBUM, evil));

        String prefix = "metadata[\"album\"] == ";
        assertThat(expression).startsWith(prefix);
        Decoded literal = decodeLiteral(expression, prefix.length());
        assertThat(literal.value()).isEqualTo(evil);
        assertThat(literal.end()).isEqualTo(expression.length());
    }

    private record Decoded(String value, int end) {
    }

    /** Reads a double-quoted literal the way the Milvus tokenizers do; fails on anything they would refuse. */
    private static Decoded decodeLiteral(String text, int start) {
        assertThat(text.charAt(start)).isEqualTo('"');
        StringBuilder value = new StringBuilder();
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return new Decoded(value.toString(), i + 1);
            }
            assertThat(c).as("raw line break inside a literal").isNotIn('\n', '\r');
            if (c == '\\') {
                char escaped = text.charAt(++i);
                value.append(switch (escaped) {
                    case '"', '\\' -> escaped;
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> throw new AssertionError("escape \\" + escaped + " is unknown to Milvus Lite");
                });
            } else {
                value.append(c);
            }
        }
        throw new AssertionError("unterminated literal in " + text);
    }
}
