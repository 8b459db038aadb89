package io.clipstream.cli.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SearchTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode answer(String cutoff) throws Exception {
        return JSON.readTree("""
                {"searchId":"s1","model":{"baseModelId":"m","version":2,"collection":"c"},"hasMore":false,
                 "hits":[{"rank":1,"imageId":"a","score":0.9,"probability":0.8},
                         {"rank":2,"imageId":"b","score":0.7,"probability":0.4},
                         {"rank":3,"imageId":"c","score":0.6,"probability":0.2}],
                 "timings":{"encodeMs":1,"searchMs":2}%s}""".formatted(cutoff));
    }

    @Test
    void weakerHitsComeAfterASeparator() throws Exception {
        String table = SearchTable.render(answer(",\"cutoff\":{\"requested\":\"auto\",\"applied\":true,\"probability\":0.5,\"passed\":1,"
                + "\"weaker\":2}"));
        assertThat(table).contains("-- 2 weaker results below P(relevant) 0.500 --").contains("0.800")
                .doesNotContain("no good match");
        assertThat(table.indexOf(" a ")).isLessThan(table.indexOf("weaker"));
        assertThat(table.indexOf("weaker")).isLessThan(table.indexOf(" b "));
    }

    @Test
    void noHitPassingIsNoGoodMatch() throws Exception {
        String table = SearchTable.render(answer(",\"cutoff\":{\"requested\":\"0.9\",\"applied\":true,\"probability\":0.9,\"passed\":0,"
                + "\"weaker\":3}"));
        assertThat(table).contains("no good match: no hit reaches P(relevant) 0.900").doesNotContain("weaker");
    }

    @Test
    void anUnappliedCutoffSaysWhy() throws Exception {
        String table = SearchTable.render(answer(",\"cutoff\":{\"requested\":\"auto\",\"applied\":false,\"passed\":3,\"weaker\":0,"
                + "\"reason\":\"v2 was published without a relevance calibration; every hit is shown\"}"));
        assertThat(table).contains("cut-off not applied: v2 was published without").doesNotContain("weaker")
                .doesNotContain("no good match");
        assertThat(SearchTable.render(answer(""))).doesNotContain("cut-off");
    }
}
