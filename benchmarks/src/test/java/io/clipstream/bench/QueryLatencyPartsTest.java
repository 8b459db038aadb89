package io.clipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The parts of the query benchmark whose mistakes would not show in its numbers. */
class QueryLatencyPartsTest {

    @Test
    void newPromptsNeverRepeatAndDoNotMeetThePopularOnes() {
        Prompts prompts = new Prompts();
        List<String> fresh = prompts.next(20_000);
        fresh.addAll(prompts.next(20_000));
        assertThat(new HashSet<>(fresh)).hasSize(40_000);
        assertThat(Prompts.zipf(5_000, 200, 1.0, 42)).doesNotContainAnyElementsOf(fresh);
    }

    @Test
    void zipfDrawsFavourTheTopRanksAndRepeatForASeed() {
        List<String> draws = Prompts.zipf(20_000, 200, 1.0, 42);
        Map<String, Long> counts = draws.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        assertThat(counts).hasSizeLessThanOrEqualTo(200);
        // Rank 1 of 200 at s = 1 has weight 1 / H(200) = 0.17.
        assertThat(counts.values().stream().mapToLong(Long::longValue).max().orElseThrow() / 20_000.0)
                .isCloseTo(0.17, within(0.02));
        assertThat(Prompts.zipf(1_000, 200, 1.0, 42)).isEqualTo(draws.subList(0, 1_000));
    }

    @Test
    void overheadIsClientLatencyLessEncodeAndSearch() {
        Breakdown a = new Breakdown();
        a.record(12_000_000, 3.0, 7.0);
        Breakdown b = new Breakdown();
        b.record(24_000_000, 5.0, 15.0);
        a.add(b);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.overheadStats().mean()).isEqualTo(3.0);
        assertThat(a.overheadRatio()).isEqualTo(6.0 / 30.0);
        assertThat(a.clientStats().p99()).isCloseTo(24.0, within(0.05));
    }

    @Test
    void readsCacheAndServerCountersFromPrometheusText() {
        String before = """
                cache_gets_total{cache="query-text-embeddings",result="hit"} 10.0
                cache_gets_total{cache="query-text-embeddings",result="miss"} 5.0
                cache_gets_total{cache="query-search-sessions",result="hit"} 99.0
                http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/v1/search"} 15.0
                http_server_requests_seconds_sum{method="GET",outcome="SUCCESS",status="200",uri="/v1/search"} 0.3
                http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/q/metrics"} 7.0
                """;
        String after = """
                # HELP cache_gets_total the number of times cache lookup methods have returned a cached value.
                cache_gets_total{cache="query-text-embeddings",result="hit"} 100.0
                cache_gets_total{cache="query-text-embeddings",result="miss"} 15.0
                http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/v1/search"} 115.0
                http_server_requests_seconds_sum{method="GET",outcome="SUCCESS",status="200",uri="/v1/search"} 1.5
                """;
        AppMetrics b = AppMetrics.parse(before);
        AppMetrics a = AppMetrics.parse(after);
        assertThat(a.hitRateSince(b)).isEqualTo(0.9);
        assertThat(a.serverMeanMsSince(b)).isCloseTo(12.0, within(1e-9));
    }
}
