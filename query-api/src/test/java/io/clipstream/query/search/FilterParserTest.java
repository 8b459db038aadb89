package io.clipstream.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.store.filter.FieldType;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.filter.FilterField;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterParserTest {

    private final FilterParser parser = new FilterParser(Map.of("camera", "string", "year", "number",
            "public", "boolean"));
    private static final FilterField CAMERA = FilterField.metadata("camera", FieldType.STRING);
    private static final FilterField YEAR = FilterField.metadata("year", FieldType.NUMBER);

    @Test
    void scalarsAreEqualityAndOperatorsBuildTypedClauses() {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("camera", "x100");
        filter.put("year", Map.of("gte", 2020, "lt", 2024));
        filter.put("eventTime", Map.of("gt", "2024-05-01T00:00:00Z"));

        Filter parsed = parser.parse(filter);

        assertThat(parsed).isEqualTo(new Filter.And(List.of(
                new Filter.Eq(CAMERA, "x100"),
                new Filter.Range(YEAR, 2020, true, 2024, false),
                new Filter.Range(FilterField.EVENT_TIME, Instant.parse("2024-05-01T00:00:00Z"), false, null, false))));
    }

    @Test
    void inKeepsEveryValueAndTimesAcceptEpochMillis() {
        Filter parsed = parser.parse(Map.of("camera", Map.of("in", List.of("a", "b\" or true"))));
        Filter time = parser.parse(Map.of("eventTime", Map.of("lte", 1_700_000_000_000L)));

        assertThat(parsed).isEqualTo(new Filter.And(List.of(new Filter.In(CAMERA, List.of("a", "b\" or true")))));
        assertThat(time).isEqualTo(new Filter.And(List.of(new Filter.Range(FilterField.EVENT_TIME, null, false,
                Instant.ofEpochMilli(1_700_000_000_000L), true))));
    }

    @Test
    void noFilterIsNone() {
        assertThat(parser.parse(null).isNone()).isTrue();
        assertThat(parser.parse(Map.of()).isNone()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lens|x|filter.lens",
        "year|'1999'|filter.year",
        "public|yes|filter.public",
    })
    void unknownFieldsAndWrongTypesNameTheField(String field, String value, String path) {
        assertThatThrownBy(() -> parser.parse(Map.of(field, value)))
                .isInstanceOfSatisfying(InvalidFilterException.class, p -> assertThat(p.field()).isEqualTo(path));
    }

    @Test
    void operatorMistakesNameTheOperator() {
        assertField(Map.of("camera", Map.of("gt", "a")), "filter.camera.gt");
        assertField(Map.of("year", Map.of("between", 1)), "filter.year.between");
        assertField(Map.of("year", Map.of("gt", 1, "gte", 2)), "filter.year.gte", "filter.year.gt");
        assertField(Map.of("year", Map.of("in", List.of(1, "two"))), "filter.year.in[1]");
        assertField(Map.of("year", Map.of()), "filter.year");
        assertField(Map.of("eventTime", Map.of("gte", "last week")), "filter.eventTime.gte");
        assertField(Map.of("year", Double.NaN), "filter.year");
    }

    @Test
    void declaringABuiltInOrAnUnknownTypeFailsAtStartUp() {
        assertThatThrownBy(() -> new FilterParser(Map.of("eventTime", "number")))
                .hasMessageContaining("built in");
        assertThatThrownBy(() -> new FilterParser(Map.of("when", "date")))
                .hasMessageContaining("string, number or boolean");
    }

    private void assertField(Map<String, Object> filter, String... acceptable) {
        assertThatThrownBy(() -> parser.parse(filter)).isInstanceOfSatisfying(InvalidFilterException.class,
                p -> assertThat(p.field()).isIn((Object[]) acceptable));
    }
}
