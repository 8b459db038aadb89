package io.clipstream.cli.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.cli.CliRun;
import io.clipstream.testing.StubServer;
import io.clipstream.testing.FreePorts;
import org.junit.jupiter.api.Test;

class SearchCommandTest {

    /** The shape of SearchResponse as the query API writes it. */
    static final String ANSWER = """
            {"searchId":"6f1c2a4e-3d1b-4c55-9a57-2f8e0e1b7c11",
             "model":{"baseModelId":"tiny-clip","version":2,"collection":"images_tiny_clip_v2"},
             "query":{"text":"a red square"},"k":2,"offset":0,"page":1,"hasMore":true,
             "hits":[
               {"rank":1,"imageId":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","score":0.91234,
                "url":"https://img.example/red.jpg","thumbnailUrl":null,"contentType":"image/jpeg","metadata":{},
                "eventTime":"2024-05-01T10:00:00Z"},
               {"rank":2,"imageId":"cat-001","score":0.5,"url":null,
                "thumbnailUrl":"/v1/images/cat-001/thumbnail","contentType":"image/png",
                "metadata":{"path":"pets/cat.png","album":"pets"},"eventTime":"2024-05-02T10:00:00Z"}],
             "timings":{"encodeMs":1.25,"searchMs":3.5}}""";

    @Test
    void printsATableWithTheModelVersionAndSendsTheQuery() throws Exception {
        try (StubServer api = new StubServer().json("POST", "/v1/search", 200, ANSWER)) {
            CliRun run = CliRun.run("search", "a red square", "--url", api.url(), "-k", "2",
                    "--filter", "{\"path\":{\"in\":[\"pets/cat.png\"]}}");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("model tiny-clip v2 (images_tiny_clip_v2): 2 hits (more: --offset)")
                    .containsPattern("(?m)^RANK\\s+SCORE\\s+ID\\s+URL / METADATA$")
                    .containsPattern("(?m)^   1  0\\.9123  9f86d081.*  https://img\\.example/red\\.jpg$")
                    .containsPattern("(?m)^   2  0\\.5000  cat-001 +path=pets/cat\\.png album=pets$")
                    .contains("searchId 6f1c2a4e-3d1b-4c55-9a57-2f8e0e1b7c11");
            StubServer.Request request = api.requests().get(0);
            JsonNode body = new ObjectMapper().readTree(request.body());
            assertThat(body.get("text").asText()).isEqualTo("a red square");
            assertThat(body.get("k").asInt()).isEqualTo(2);
            assertThat(body.has("offset")).isFalse();
            assertThat(body.get("filter").toString()).isEqualTo("{\"path\":{\"in\":[\"pets/cat.png\"]}}");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
        }
    }

    @Test
    void jsonPrintsTheRawAnswer() throws Exception {
        try (StubServer api = new StubServer().json("POST", "/v1/search", 200, ANSWER)) {
            CliRun run = CliRun.run("search", "red", "--url", api.url() + "/", "--json");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            ObjectMapper json = new ObjectMapper();
            assertThat(json.readTree(run.out())).isEqualTo(json.readTree(ANSWER));
            assertThat(api.requests().get(0).path()).isEqualTo("/v1/search");
        }
    }

    @Test
    void aRefusedSearchExitsOneWithTheProblemDetail() {
        String problem = """
                {"type":"about:blank","title":"Bad Request","status":400,
                 "detail":"k must be between 1 and 100, got 500","field":"k"}""";
        try (StubServer api = new StubServer().json("POST", "/v1/search", 400, problem)) {
            CliRun run = CliRun.run("search", "red", "--url", api.url(), "-k", "500");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("query API answered 400 to POST /v1/search: "
                    + "k must be between 1 and 100, got 500 (field k)");
        }
    }

    @Test
    void anUnreachableApiExitsThreeNamingTheUrl() {
        String url = "http://127.0.0.1:" + FreePorts.pick();
        CliRun run = CliRun.run("search", "red", "--url", url, "--timeout-ms", "2000");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("cannot reach the query API at " + url).contains("./clipstream local");
    }

    @Test
    void aFilterThatIsNotAJsonObjectIsAUsageError() {
        CliRun run = CliRun.run("search", "red", "--filter", "[1,2]");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--filter must be a JSON object");
    }

    @Test
    void anEmptyResultSaysSo() throws Exception {
        JsonNode empty = new ObjectMapper().readTree(ANSWER);
        ((com.fasterxml.jackson.databind.node.ObjectNode) empty).putArray("hits");
        assertThat(SearchTable.render(empty)).contains("0 hits").contains("no results");
    }

    @Test
    void longCellsAreClipped() {
        assertThat(SearchTable.clip("x".repeat(100))).hasSize(SearchTable.MAX_CELL).endsWith("...");
        assertThat(SearchTable.clip("short")).isEqualTo("short");
    }
}
