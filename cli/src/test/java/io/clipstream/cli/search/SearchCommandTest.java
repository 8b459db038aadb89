package io.clipstream.cli.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.cli.CliRun;
import io.clipstream.testing.StubServer;
import io.clipstream.testing.FreePorts;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void printsATableWithTheModelVersionAndSendsTheQueryInTheSearchSyntax() throws Exception {
        try (StubServer api = new StubServer().json("GET", "/v1/search", 200, ANSWER)) {
            CliRun run = CliRun.run("search", "a red square -blue +circle:0.5", "--url", api.url(), "-k", "2",
                    "--filter", "{\"path\":{\"in\":[\"pets/cat.png\"]}}");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("model tiny-clip v2 (images_tiny_clip_v2): 2 hits (more: --offset)")
                    .containsPattern("(?m)^RANK\\s+SCORE\\s+ID\\s+URL / METADATA$")
                    .containsPattern("(?m)^   1  0\\.9123  9f86d081.*  https://img\\.example/red\\.jpg$")
                    .containsPattern("(?m)^   2  0\\.5000  cat-001 +path=pets/cat\\.png album=pets$")
                    .contains("searchId 6f1c2a4e-3d1b-4c55-9a57-2f8e0e1b7c11");
            StubServer.Request request = api.requests().get(0);
            assertThat(request.method()).isEqualTo("GET");
            assertThat(query(request)).containsEntry("q", "a red square -blue +circle:0.5")
                    .containsEntry("k", "2").containsEntry("filter", "{\"path\":{\"in\":[\"pets/cat.png\"]}}")
                    .doesNotContainKey("offset");
        }
    }

    @Test
    void theModeAndFusionWeightsAreSentAndTheModeShown() throws Exception {
        String hybrid = ANSWER.replace("\"timings\"", "\"mode\":\"hybrid\",\"timings\"");
        try (StubServer api = new StubServer().json("GET", "/v1/search", 200, hybrid)
                .json("POST", "/v1/search", 200, hybrid)) {
            CliRun get = CliRun.run("search", "red square", "--url", api.url(), "--mode", "hybrid",
                    "--keyword-weight", "2");
            CliRun post = CliRun.run("search", "red square", "--literal", "--url", api.url(), "--mode", "keyword");

            assertThat(get.exitCode()).as(get.toString()).isZero();
            assertThat(get.out()).contains("2 hits ranked by hybrid (more: --offset)");
            assertThat(query(api.requests().get(0))).containsEntry("mode", "hybrid")
                    .containsEntry("keywordWeight", "2.0").doesNotContainKey("vectorWeight");
            assertThat(post.exitCode()).as(post.toString()).isZero();
            JsonNode body = new ObjectMapper().readTree(api.requests().get(1).body());
            assertThat(body.get("mode").asText()).isEqualTo("keyword");
            assertThat(body.has("keywordWeight")).isFalse();
        }
    }

    @Test
    void collapseIsSentWithBothKindsOfSearch() throws Exception {
        try (StubServer api = new StubServer().json("GET", "/v1/search", 200, ANSWER)
                .json("POST", "/v1/search", 200, ANSWER)) {
            CliRun get = CliRun.run("search", "red square", "--url", api.url(), "--collapse", "near");
            CliRun post = CliRun.run("search", "--text", "red square", "--url", api.url(), "--collapse", "exact");

            assertThat(get.exitCode()).as(get.toString()).isZero();
            assertThat(query(api.requests().get(0))).containsEntry("collapse", "near");
            assertThat(post.exitCode()).as(post.toString()).isZero();
            assertThat(new ObjectMapper().readTree(api.requests().get(1).body()).get("collapse").asText())
                    .isEqualTo("exact");
        }
    }

    @Test
    void literalSendsTheTextAsItIs() throws Exception {
        try (StubServer api = new StubServer().json("POST", "/v1/search", 200, ANSWER)) {
            CliRun run = CliRun.run("search", "-x as typed", "--literal", "--url", api.url(), "-k", "2",
                    "--offset", "4");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            StubServer.Request request = api.requests().get(0);
            JsonNode body = new ObjectMapper().readTree(request.body());
            assertThat(body.get("text").asText()).isEqualTo("-x as typed");
            assertThat(body.get("k").asInt()).isEqualTo(2);
            assertThat(body.get("offset").asInt()).isEqualTo(4);
            assertThat(body.has("terms")).isFalse();
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
        }
    }

    @Test
    void termsAreSentInOrderWithTheWeightsThatFollowThem(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("q.jpg");
        Files.write(image, new byte[] {1, 2, 3});
        try (StubServer api = new StubServer().json("POST", "/v1/search", 200, ANSWER)) {
            CliRun run = CliRun.run("search", "--url", api.url(), "--text", "beach", "--text", "people",
                    "--weight", "-1", "--image-id", "cat-001", "--weight=0.5", "--image", image.toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            JsonNode body = new ObjectMapper().readTree(api.requests().get(0).body());
            assertThat(body.get("terms").toString()).isEqualTo("[{\"text\":\"beach\"},"
                    + "{\"text\":\"people\",\"weight\":-1.0},{\"imageId\":\"cat-001\",\"weight\":0.5},"
                    + "{\"image\":\"AQID\"}]");
            assertThat(body.has("text")).isFalse();
        }
    }

    @Test
    void aWeightWithoutItsTermOrQueryWithTermsIsAUsageError() {
        CliRun early = CliRun.run("search", "--weight", "2", "--text", "a");
        assertThat(early.exitCode()).as(early.toString()).isEqualTo(2);
        assertThat(early.err()).contains("--weight follows the --text, --image-id or --image it weighs");

        CliRun twice = CliRun.run("search", "--text", "a", "--weight", "2", "--weight", "3");
        assertThat(twice.exitCode()).as(twice.toString()).isEqualTo(2);

        CliRun both = CliRun.run("search", "red", "--text", "a");
        assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);
        assertThat(both.err()).contains("give QUERY or terms, not both");

        CliRun none = CliRun.run("search");
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
        assertThat(none.err()).contains("give QUERY, or terms");
    }

    @Test
    void aMistakeInTheSearchSyntaxIsUnderlined() {
        String problem = """
                {"type":"https://clipstream.io/problems/invalid-query","title":"Invalid query","status":400,
                 "detail":"the quoted phrase in '-\\"green' has no closing quote","field":"q","term":1,
                 "position":4,"length":7}""";
        try (StubServer api = new StubServer().json("GET", "/v1/search", 400, problem)) {
            CliRun run = CliRun.run("search", "red -\"green", "--url", api.url());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("query API answered 400 to GET /v1/search: the quoted phrase in "
                    + "'-\"green' has no closing quote (field q)\n  red -\"green\n      ^^^^^^^");
        }
    }

    private static Map<String, String> query(StubServer.Request request) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : request.query().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    @Test
    void jsonPrintsTheRawAnswer() throws Exception {
        try (StubServer api = new StubServer().json("GET", "/v1/search", 200, ANSWER)) {
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
        try (StubServer api = new StubServer().json("GET", "/v1/search", 400, problem)) {
            CliRun run = CliRun.run("search", "red", "--url", api.url(), "-k", "500");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("query API answered 400 to GET /v1/search: "
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
