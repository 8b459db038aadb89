package io.clipstream.query.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.EventJson;
import io.clipstream.events.EventSchemas;
import io.clipstream.model.vector.Vectors;
import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.TopicReader;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP API against the packaged app on a real Kafka broker and Milvus Lite. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchApiIT {

    static final int IMAGES = 30;
    static final String PROBLEM = "application/problem+json";

    QueryApiFixture fixture;
    QuarkusApp app;

    @BeforeAll
    void start() throws Exception {
        fixture = new QueryApiFixture("search-api");
        fixture.seed(IMAGES);
        app = fixture.start("query-api-search", Map.of());
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = app.httpPort();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void textSearchReturnsExactCosineScoresBestFirstWithVersionAndRanks() throws Exception {
        JsonPath body = given().queryParam("q", "a red square").queryParam("k", 7).get("/v1/search")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();

        float[] query = fixture.text("a red square");
        List<Map<String, Object>> hits = body.getList("hits");
        assertThat(hits).hasSize(7);
        assertThat(body.getInt("model.version")).isZero();
        assertThat(body.getString("model.collection")).isEqualTo(fixture.collection(0));
        assertThat(body.getString("query.text")).isEqualTo("a red square");
        assertThat(body.getString("searchId")).matches("[A-Za-z0-9_-]{8,64}");
        double previous = Double.MAX_VALUE;
        for (int i = 0; i < hits.size(); i++) {
            Map<String, Object> hit = hits.get(i);
            double score = ((Number) hit.get("score")).doubleValue();
            float[] image = Vectors.normalizeInPlace(fixture.baseVectors.get((String) hit.get("imageId")).clone());
            assertThat(hit.get("rank")).isEqualTo(i + 1);
            assertThat(score).isCloseTo(Vectors.dot(query, image), within(1e-3));
            assertThat(score).isLessThanOrEqualTo(previous + 1e-6);
            previous = score;
        }
        // The exact best image over all of them comes first.
        String best = fixture.baseVectors.entrySet().stream().max((a, b) -> Double.compare(
                Vectors.dot(query, Vectors.normalizeInPlace(a.getValue().clone())),
                Vectors.dot(query, Vectors.normalizeInPlace(b.getValue().clone())))).orElseThrow().getKey();
        assertThat(hits.getFirst().get("imageId")).isEqualTo(best);
    }

    @Test
    void hitsCarryUrlMetadataAndADisplayableThumbnailUrl() {
        List<Map<String, Object>> hits = given().queryParam("q", "anything").queryParam("k", IMAGES)
                .get("/v1/search").then().statusCode(200).extract().jsonPath().getList("hits");

        assertThat(hits).hasSize(IMAGES);
        for (Map<String, Object> hit : hits) {
            int n = Integer.parseInt(((String) hit.get("imageId")).substring(4));
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) hit.get("metadata");
            assertThat(metadata).containsEntry("color", QueryApiFixture.COLORS[n % 3]).containsEntry("n", n);
            if (n % 2 == 0) {
                assertThat(hit.get("thumbnailUrl")).isEqualTo(hit.get("url"));
            } else {
                assertThat(hit.get("thumbnailUrl")).isEqualTo("/v1/images/img-" + n + "/thumbnail");
            }
        }
    }

    @Test
    void pagesContinueTheSameSearchWithStableRanks() {
        JsonPath all = given().queryParam("q", "blue circle").queryParam("k", 10).get("/v1/search")
                .then().statusCode(200).extract().jsonPath();
        JsonPath first = given().queryParam("q", "blue circle").queryParam("k", 5).get("/v1/search")
                .then().statusCode(200).extract().jsonPath();
        JsonPath second = given().queryParam("searchId", first.getString("searchId")).queryParam("k", 5)
                .queryParam("offset", 5).get("/v1/search").then().statusCode(200).extract().jsonPath();

        assertThat(second.getString("searchId")).isEqualTo(first.getString("searchId"));
        assertThat(second.getInt("page")).isEqualTo(2);
        assertThat(second.getList("hits.rank", Integer.class)).containsExactly(6, 7, 8, 9, 10);
        List<String> paged = new java.util.ArrayList<>(first.getList("hits.imageId", String.class));
        paged.addAll(second.getList("hits.imageId", String.class));
        assertThat(paged).isEqualTo(all.getList("hits.imageId", String.class));
    }

    @Test
    void filtersNarrowResultsOnDeclaredFields() {
        assertThat(filtered(Map.of("color", "red"))).allSatisfy(n -> assertThat(n % 3).isZero()).hasSize(10);
        assertThat(filtered(Map.of("color", Map.of("in", List.of("red", "blue")))))
                .allSatisfy(n -> assertThat(n % 3).isNotEqualTo(1)).hasSize(20);
        assertThat(filtered(Map.of("n", Map.of("gte", 5, "lt", 9)))).containsExactlyInAnyOrder(5, 6, 7, 8);
        assertThat(filtered(Map.of("n", Map.of("gt", 5, "lte", 9)))).containsExactlyInAnyOrder(6, 7, 8, 9);
        assertThat(filtered(Map.of("even", true, "color", "green"))).containsExactlyInAnyOrder(4, 10, 16, 22, 28);
        String from = java.time.Instant.ofEpochMilli(QueryApiFixture.BASE_TIME_MS + 3 * 3_600_000L).toString();
        assertThat(filtered(Map.of("eventTime", Map.of("gte", from, "lt",
                QueryApiFixture.BASE_TIME_MS + 6 * 3_600_000L)))).containsExactlyInAnyOrder(3, 4, 5);
        assertThat(filtered(Map.of("contentType", "image/png"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"red\" or color != \"", "\") or true or (\"", "red\\", "x' || 1==1 || '",
        "metadata[\"n\"] > 0", "red\nor true"})
    void injectionAttemptsAreDataNotExpressionSyntax(String evil) {
        assertThat(filtered(Map.of("color", evil))).isEmpty();
        assertThat(filtered(Map.of("color", Map.of("in", List.of(evil, "green"))))).hasSize(10);
    }

    private List<Integer> filtered(Map<String, Object> filter) {
        return given().contentType(ContentType.JSON).body(Map.of("text", "shapes", "k", 100, "filter", filter))
                .post("/v1/search").then().statusCode(200).extract().jsonPath().getList("hits.imageId", String.class)
                .stream().map(id -> Integer.parseInt(id.substring(4))).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty text|{\"text\":\"  \"}|text",
        "missing text|{\"k\":5}|text",
        "k zero|{\"text\":\"a\",\"k\":0}|k",
        "k too large|{\"text\":\"a\",\"k\":101}|k",
        "k not a number|{\"text\":\"a\",\"k\":\"five\"}|k",
        "negative offset|{\"text\":\"a\",\"offset\":-1}|offset",
        "too deep|{\"text\":\"a\",\"k\":100,\"offset\":950}|offset",
        "unknown field|{\"text\":\"a\",\"colour\":\"red\"}|colour",
        "unknown filter field|{\"text\":\"a\",\"filter\":{\"camera\":\"x\"}}|filter.camera",
        "wrong filter type|{\"text\":\"a\",\"filter\":{\"n\":\"five\"}}|filter.n",
        "range on a string|{\"text\":\"a\",\"filter\":{\"color\":{\"gt\":\"a\"}}}|filter.color.gt",
        "unknown operator|{\"text\":\"a\",\"filter\":{\"n\":{\"like\":1}}}|filter.n.like",
        "bad time|{\"text\":\"a\",\"filter\":{\"eventTime\":{\"gte\":\"yesterday\"}}}|filter.eventTime.gte",
        "empty in|{\"text\":\"a\",\"filter\":{\"color\":{\"in\":[]}}}|filter.color.in",
        "bad search id|{\"text\":\"a\",\"searchId\":\"../../etc\"}|searchId",
        "unknown search id|{\"text\":\"a\",\"searchId\":\"AAAAAAAAAAAAAAAAAAAAAA\"}|searchId",
    })
    void badSearchBodiesAre4xxProblemsNamingTheField(String name, String body, String field) {
        given().contentType(ContentType.JSON).body(body).post("/v1/search")
                .then().statusCode(org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                        .and(lessThan(500)))
                .contentType(PROBLEM).body("field", equalTo(field)).body("detail", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void tenThousandCharacterTextIsRefused() {
        given().queryParam("q", "x".repeat(10_000)).get("/v1/search").then().statusCode(400)
                .contentType(PROBLEM).body("field", equalTo("q"));
        given().queryParam("q", "a").queryParam("k", "abc").get("/v1/search").then().statusCode(400)
                .body("field", equalTo("k"));
        given().queryParam("q", "a").queryParam("filter", "{not json").get("/v1/search").then().statusCode(400)
                .body("field", equalTo("filter"));
        given().contentType(ContentType.JSON).body("{\"text\": ").post("/v1/search").then().statusCode(400)
                .contentType(PROBLEM);
        given().get("/v1/nothing-here").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void moreLikeThisLeavesTheQueryImageOutAndPagesStably() {
        JsonPath all = given().queryParam("k", 8).get("/v1/images/img-3/similar").then().statusCode(200)
                .extract().jsonPath();
        JsonPath first = given().queryParam("k", 4).get("/v1/images/img-3/similar").then().statusCode(200)
                .extract().jsonPath();
        JsonPath second = given().queryParam("k", 4).queryParam("offset", 4)
                .queryParam("searchId", first.getString("searchId")).get("/v1/images/img-3/similar")
                .then().statusCode(200).extract().jsonPath();

        assertThat(all.getList("hits.imageId", String.class)).hasSize(8).doesNotContain("img-3");
        assertThat(all.getString("query.imageId")).isEqualTo("img-3");
        List<String> paged = new java.util.ArrayList<>(first.getList("hits.imageId", String.class));
        paged.addAll(second.getList("hits.imageId", String.class));
        assertThat(paged).isEqualTo(all.getList("hits.imageId", String.class));
        given().get("/v1/images/no-such-image/similar").then().statusCode(404).contentType(PROBLEM)
                .body("field", equalTo("imageId"));
    }

    @Test
    void uploadedCopyOfAnIndexedImageFindsItFirst() {
        byte[] jpeg = fixture.jpegs.get("img-11");

        given().multiPart("image", "query.jpg", jpeg, "image/jpeg").multiPart("k", "3").post("/v1/search/image")
                .then().statusCode(200).body("hits[0].imageId", equalTo("img-11"))
                .body("query.imageUpload", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"));
        given().contentType(ContentType.JSON)
                .body(Map.of("image", Base64.getEncoder().encodeToString(jpeg), "k", 3)).post("/v1/search/image")
                .then().statusCode(200).body("hits[0].imageId", equalTo("img-11"))
                .body("hits[0].score", org.hamcrest.Matchers.greaterThan(0.999f));
    }

    @Test
    void badImagesAre4xxAndTheServiceKeepsRunning() {
        given().contentType(ContentType.JSON).body(Map.of("image", "@@not base64@@")).post("/v1/search/image")
                .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("image"));
        given().multiPart("image", "x.jpg", "not an image at all".getBytes(StandardCharsets.UTF_8), "image/jpeg")
                .post("/v1/search/image").then().statusCode(415).contentType(PROBLEM).body("field", equalTo("image"));
        byte[] truncated = java.util.Arrays.copyOf(fixture.jpegs.get("img-1"), 300);
        given().multiPart("image", "x.jpg", truncated, "image/jpeg").post("/v1/search/image")
                .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("image"));
        given().multiPart("k", "3").post("/v1/search/image").then().statusCode(400).body("field", equalTo("image"));

        given().queryParam("q", "still up").get("/v1/search").then().statusCode(200);
    }

    @Test
    void aBodyOverTheHttpLimitIsAProblemNamingTheLimit() {
        byte[] huge = new byte[31 * 1024 * 1024];
        given().contentType("image/jpeg").body(huge).post("/v1/search/image")
                .then().statusCode(413).contentType(PROBLEM)
                .body("detail", containsString("quarkus.http.limits.max-body-size"))
                .body("instance", equalTo("/v1/search/image"));

        given().queryParam("q", "still up").get("/v1/search").then().statusCode(200);
    }

    @Test
    void impressionsAndValidatedClicksReachKafka() {
        JsonPath search = given().queryParam("q", "green triangle").queryParam("k", 5).get("/v1/search")
                .then().statusCode(200).extract().jsonPath();
        String searchId = search.getString("searchId");
        String third = search.getString("hits[2].imageId");

        String clickId = given().contentType(ContentType.JSON)
                .body(Map.of("searchId", searchId, "imageId", third, "rank", 3, "dwellMs", 1500))
                .post("/v1/clicks").then().statusCode(202).extract().path("clickId");

        JsonNode click = await().atMost(Duration.ofSeconds(30)).until(() -> event(fixture.clicks, searchId),
                java.util.Objects::nonNull);
        assertThat(EventSchemas.get().validate(EventSchemas.SEARCH_CLICK, click)).isEmpty();
        assertThat(click.path("clickId").asText()).isEqualTo(clickId);
        assertThat(click.path("imageId").asText()).isEqualTo(third);
        assertThat(click.path("rank").asInt()).isEqualTo(3);
        assertThat(click.path("dwellMs").asLong()).isEqualTo(1500);
        assertThat(click.path("modelVersion").asInt()).isZero();

        JsonNode impression = await().atMost(Duration.ofSeconds(30))
                .until(() -> event(fixture.impressions, searchId), java.util.Objects::nonNull);
        assertThat(EventSchemas.get().validate(EventSchemas.SEARCH_IMPRESSION, impression)).isEmpty();
        assertThat(impression.path("queryText").asText()).isEqualTo("green triangle");
        assertThat(impression.path("shown")).hasSize(5);
        assertThat(impression.path("shown").get(2).path("imageId").asText()).isEqualTo(third);
        assertThat(impression.path("shown").get(2).path("rank").asInt()).isEqualTo(3);
    }

    @Test
    void clicksAreCheckedAgainstTheirSearch() {
        JsonPath search = given().queryParam("q", "clicks").queryParam("k", 3).get("/v1/search")
                .then().statusCode(200).extract().jsonPath();
        String searchId = search.getString("searchId");

        given().contentType(ContentType.JSON).body(Map.of("searchId", "AAAAAAAAAAAAAAAAAAAAAA", "imageId", "img-1",
                "rank", 1)).post("/v1/clicks").then().statusCode(404).contentType(PROBLEM)
                .body("field", equalTo("searchId"));
        given().contentType(ContentType.JSON).body(Map.of("searchId", searchId, "imageId",
                search.getString("hits[0].imageId"), "rank", 4)).post("/v1/clicks").then().statusCode(422)
                .body("field", equalTo("rank"));
        given().contentType(ContentType.JSON).body(Map.of("searchId", searchId, "imageId",
                search.getString("hits[1].imageId"), "rank", 1)).post("/v1/clicks").then().statusCode(422)
                .body("field", equalTo("imageId"));
        given().contentType(ContentType.JSON).body(Map.of("searchId", searchId, "imageId", "img-1", "rank", 0))
                .post("/v1/clicks").then().statusCode(400).body("field", equalTo("rank"));
        given().contentType(ContentType.JSON).body(Map.of("searchId", searchId, "imageId",
                search.getString("hits[0].imageId"), "rank", 1, "dwellMs", -5)).post("/v1/clicks")
                .then().statusCode(400).body("field", equalTo("dwellMs"));
    }

    @Test
    void adminEndpointsNeedTheApiKey() {
        given().get("/v1/admin/status").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("X-API-Key"));
        given().header("X-API-Key", "wrong").get("/v1/admin/status").then().statusCode(403).contentType(PROBLEM);
        given().header("X-API-Key", "wrong").post("/v1/admin/cache/clear").then().statusCode(403);
        given().post("/v1/admin/models/activate").then().statusCode(401);

        given().header("X-API-Key", QueryApiFixture.API_KEY).get("/v1/admin/status").then().statusCode(200)
                .body("version", equalTo(0)).body("modelsTopicRead", equalTo(true));
        given().header("X-API-Key", QueryApiFixture.API_KEY).post("/v1/admin/cache/clear").then().statusCode(204);
    }

    @Test
    void openApiMetricsAndModelEndpointsAreServed() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/search"))
                .body(containsString("/v1/clicks"));
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/v1/models/active").then().statusCode(200).body("version", equalTo(0))
                .body("collection", equalTo(fixture.collection(0)));
        given().queryParam("q", "metrics please").get("/v1/search").then().statusCode(200);
        given().queryParam("q", "metrics please").get("/v1/search").then().statusCode(200);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("http_server_requests_seconds_bucket").contains("uri=\"/v1/search\"")
                .contains("clipstream_query_encode_seconds_bucket").contains("clipstream_query_search_seconds_bucket")
                .contains("cache_gets_total{cache=\"query-text-embeddings\"");
        assertThat(metrics.lines().filter(l -> l.startsWith("cache_gets_total{cache=\"query-text-embeddings\"")
                && l.contains("result=\"hit\"")).map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0.0)).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aWeightedQueryScoresByTheNormalisedWeightedSumOfItsTerms() throws Exception {
        JsonPath body = given().queryParam("q", "a red square -green +\"small circle\":0.5").queryParam("k", 10)
                .get("/v1/search").then().statusCode(200).extract().jsonPath();

        float[] expected = combine(new float[][] {fixture.text("a red square"), fixture.text("green"),
            fixture.text("small circle")}, new double[] {1, -1, 0.5});
        assertThat(body.getList("query.terms.text", String.class))
                .containsExactly("a red square", "green", "small circle");
        assertThat(body.getList("query.terms.weight", Double.class)).containsExactly(1.0, -1.0, 0.5);
        assertThat(body.getString("query.text")).isNull();
        assertScores(body, expected);
        List<String> plain = given().queryParam("q", "a red square").queryParam("k", 10).get("/v1/search").then()
                .statusCode(200).extract().jsonPath().getList("hits.imageId", String.class);
        assertThat(body.getList("hits.imageId", String.class)).isNotEqualTo(plain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a red circle", "t-shirt - 10:30", "-5 degrees", "\"quoted\" +1 C++", "x -"})
    void plainTextIsStillOnePrompt(String q) throws Exception {
        JsonPath body = given().queryParam("q", "  " + q + " ").queryParam("k", 5).get("/v1/search").then()
                .statusCode(200).extract().jsonPath();

        assertThat(body.getString("query.text")).isEqualTo(q);
        assertThat(body.getList("query.terms")).isNull();
        assertScores(body, fixture.text(q));
    }

    @Test
    void postedTermsMixTextsIndexedImagesAndUploads() throws Exception {
        String upload = Base64.getEncoder().encodeToString(fixture.jpegs.get("img-11"));
        JsonPath body = given().contentType(ContentType.JSON).body(Map.of("k", 10, "terms", List.of(
                        Map.of("text", "shapes"), Map.of("imageId", "img-4", "weight", 0.5),
                        Map.of("imageId", "img-7", "weight", -0.25))))
                .post("/v1/search").then().statusCode(200).extract().jsonPath();

        float[] expected = combine(new float[][] {fixture.text("shapes"), unit(fixture.baseVectors.get("img-4")),
            unit(fixture.baseVectors.get("img-7"))}, new double[] {1, 0.5, -0.25});
        assertThat(body.getList("hits.imageId", String.class)).hasSize(10).doesNotContain("img-4", "img-7");
        assertThat(body.getList("query.terms.imageId", String.class)).containsExactly(null, "img-4", "img-7");
        assertScores(body, expected);

        given().contentType(ContentType.JSON).body(Map.of("k", 3, "terms", List.of(Map.of("text", "shapes",
                        "weight", 0.2), Map.of("image", upload))))
                .post("/v1/search").then().statusCode(200).body("hits[0].imageId", equalTo("img-11"))
                .body("query.terms[1].imageUpload", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"));
        List<String> away = given().contentType(ContentType.JSON).body(Map.of("k", 10, "terms", List.of(
                        Map.of("text", "shapes", "weight", 0.2), Map.of("image", upload, "weight", -1))))
                .post("/v1/search").then().statusCode(200).extract().jsonPath().getList("hits.imageId", String.class);
        assertThat(away).hasSize(10).doesNotContain("img-11");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unclosed quote|red -\"green|1|4|7",
        "weight not a number|red -green:NaN|1|4|10",
        "zero weight|red +green:0|1|4|8",
        "weight too large|red +green:1000|1|4|11",
        "empty phrase|red -\"\"|1|4|3",
        "only negative terms|-red -green|||",
        "terms cancel out|red -red|||",
    })
    void syntaxMistakesAre400sPointingAtTheTermInQ(String name, String q, Integer term, Integer position,
                                                  Integer length) {
        var response = given().queryParam("q", q).get("/v1/search").then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("q")).body("type", org.hamcrest.Matchers.endsWith("/invalid-query"))
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
        response.body("term", equalTo(term)).body("position", equalTo(position)).body("length", equalTo(length))
                .body("pointer", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void hundredsOfTermsAreRefusedAtTheLimit() {
        given().queryParam("q", "a" + " -b".repeat(300)).get("/v1/search").then().statusCode(400)
                .contentType(PROBLEM).body("field", equalTo("q")).body("term", equalTo(16))
                .body("position", equalTo(47)).body("detail", containsString("at most 16 terms"));
        given().contentType(ContentType.JSON).body(Map.of("terms", java.util.Collections.nCopies(300,
                Map.of("text", "a")))).post("/v1/search").then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("terms[16]")).body("pointer", equalTo("/terms/16")).body("term", equalTo(16));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no terms|{\"terms\":[]}|400|terms|/terms",
        "text and terms|{\"text\":\"a\",\"terms\":[{\"text\":\"b\"}]}|400|terms|",
        "two kinds|{\"terms\":[{\"text\":\"a\"},{\"text\":\"b\",\"imageId\":\"img-1\"}]}|400|terms[1]|/terms/1",
        "no kind|{\"terms\":[{\"text\":\"a\"},{\"weight\":2}]}|400|terms[1]|/terms/1",
        "null term|{\"terms\":[{\"text\":\"a\"},null]}|400|terms[1]|/terms/1",
        "zero weight|{\"terms\":[{\"text\":\"a\"},{\"text\":\"b\",\"weight\":0}]}|400|terms[1].weight|/terms/1/weight",
        "infinite weight|{\"terms\":[{\"text\":\"a\"},{\"text\":\"b\",\"weight\":1e400}]}|400|terms[1].weight|/terms/1/weight",
        "weight not a number|{\"terms\":[{\"text\":\"a\"},{\"text\":\"b\",\"weight\":\"heavy\"}]}|400|terms[1].weight|",
        "empty text|{\"terms\":[{\"text\":\"a\"},{\"text\":\"  \"}]}|400|terms[1].text|/terms/1/text",
        "unknown term field|{\"terms\":[{\"text\":\"a\",\"colour\":\"red\"}]}|400|terms[0].colour|",
        "bad image id|{\"terms\":[{\"text\":\"a\"},{\"imageId\":\"\"}]}|400|terms[1].imageId|/terms/1/imageId",
        "image not indexed|{\"terms\":[{\"text\":\"a\"},{\"imageId\":\"no-such\"}]}|404|terms[1].imageId|/terms/1/imageId",
        "not base64|{\"terms\":[{\"text\":\"a\"},{\"image\":\"@@\"}]}|400|terms[1].image|/terms/1/image",
        "not an image|{\"terms\":[{\"text\":\"a\"},{\"image\":\"bm90IGFuIGltYWdl\"}]}|415|terms[1].image|/terms/1/image",
        "only negative|{\"terms\":[{\"text\":\"a\",\"weight\":-1}]}|400|terms|/terms",
    })
    void badTermListsAreProblemsWithTheTermsPointer(String name, String body, int status, String field,
                                                   String pointer) {
        given().contentType(ContentType.JSON).body(body).post("/v1/search").then().statusCode(status)
                .contentType(PROBLEM).body("field", equalTo(field)).body("pointer", equalTo(pointer))
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
    }

    @Test
    void aWeightedSearchIsLoggedWithItsTermsPagesOnAndTakesClicks() {
        String q = "green triangle -\"on red\" +blue:0.5";
        JsonPath first = given().queryParam("q", q).queryParam("k", 4).get("/v1/search").then().statusCode(200)
                .extract().jsonPath();
        String searchId = first.getString("searchId");
        JsonPath second = given().queryParam("q", q).queryParam("searchId", searchId).queryParam("k", 4)
                .queryParam("offset", 4).get("/v1/search").then().statusCode(200).extract().jsonPath();
        List<String> all = given().queryParam("q", q).queryParam("k", 8).get("/v1/search").then().statusCode(200)
                .extract().jsonPath().getList("hits.imageId", String.class);

        assertThat(second.getString("searchId")).isEqualTo(searchId);
        List<String> paged = new java.util.ArrayList<>(first.getList("hits.imageId", String.class));
        paged.addAll(second.getList("hits.imageId", String.class));
        assertThat(paged).isEqualTo(all);
        given().queryParam("q", "green triangle -\"on red\"").queryParam("searchId", searchId).get("/v1/search")
                .then().statusCode(400).body("field", equalTo("q"));
        given().contentType(ContentType.JSON).body(Map.of("searchId", searchId, "imageId",
                second.getString("hits[1].imageId"), "rank", 6)).post("/v1/clicks").then().statusCode(202);

        List<JsonNode> pages = await().atMost(Duration.ofSeconds(30)).until(() -> events(fixture.impressions,
                searchId), found -> found.size() == 2);
        for (JsonNode impression : pages) {
            assertThat(EventSchemas.get().validate(EventSchemas.SEARCH_IMPRESSION, impression)).isEmpty();
            assertThat(impression.path("queryText").asText()).isEqualTo("green triangle blue");
            assertThat(impression.path("terms")).hasSize(3);
            assertThat(impression.path("terms").get(1).path("text").asText()).isEqualTo("on red");
            assertThat(impression.path("terms").get(1).path("weight").asDouble()).isEqualTo(-1.0);
            assertThat(impression.path("terms").get(2).path("weight").asDouble()).isEqualTo(0.5);
        }
    }

    @Test
    void keywordSearchFindsTheWordsOfTheTextFields() {
        JsonPath body = given().queryParam("q", "zebra").queryParam("mode", "keyword").get("/v1/search")
                .then().statusCode(200).extract().jsonPath();
        JsonPath red = given().contentType(ContentType.JSON).body(Map.of("text", "red", "mode", "keyword", "k", 20))
                .post("/v1/search").then().statusCode(200).extract().jsonPath();

        assertThat(body.getString("mode")).isEqualTo("keyword");
        assertThat(body.getList("hits.imageId", String.class)).containsExactly("img-7");
        assertThat(body.getDouble("hits[0].score")).isPositive();
        assertThat(red.getList("hits.imageId", String.class)).hasSize(10)
                .allSatisfy(id -> assertThat(Integer.parseInt(id.substring(4)) % 3).isZero());
    }

    @Test
    void hybridSearchFusesBothRankingsFiltersBothAndPagesStably() {
        JsonPath all = given().queryParam("q", "zebra").queryParam("mode", "hybrid").queryParam("k", 10)
                .get("/v1/search").then().statusCode(200).extract().jsonPath();
        JsonPath vector = given().queryParam("q", "zebra").queryParam("k", 10).get("/v1/search")
                .then().statusCode(200).extract().jsonPath();
        JsonPath first = given().queryParam("q", "zebra").queryParam("mode", "hybrid").queryParam("k", 5)
                .get("/v1/search").then().statusCode(200).extract().jsonPath();
        JsonPath second = given().queryParam("searchId", first.getString("searchId")).queryParam("k", 5)
                .queryParam("offset", 5).get("/v1/search").then().statusCode(200).extract().jsonPath();
        JsonPath keywordHeavy = given().queryParam("q", "zebra").queryParam("mode", "hybrid")
                .queryParam("keywordWeight", 5).get("/v1/search").then().statusCode(200).extract().jsonPath();
        List<String> filtered = given().contentType(ContentType.JSON).body(Map.of("text", "zebra", "mode", "hybrid",
                        "k", 30, "filter", Map.of("color", "red"))).post("/v1/search")
                .then().statusCode(200).extract().jsonPath().getList("hits.imageId", String.class);

        List<String> fused = all.getList("hits.imageId", String.class);
        assertThat(all.getString("mode")).isEqualTo("hybrid");
        assertThat(second.getString("mode")).isEqualTo("hybrid");
        // img-7 is the keyword ranking's only hit: 1/61 from it plus its vector rank's share beats any other hit.
        assertThat(fused.getFirst()).isEqualTo("img-7");
        assertThat(fused.subList(1, 10)).isEqualTo(vector.getList("hits.imageId", String.class).stream()
                .filter(id -> !id.equals("img-7")).limit(9).toList());
        assertThat(keywordHeavy.getString("hits[0].imageId")).isEqualTo("img-7");
        assertThat(all.getDouble("hits[0].score")).isLessThan(1.0 / 61 * 2 + 1e-9);
        List<String> paged = new java.util.ArrayList<>(first.getList("hits.imageId", String.class));
        paged.addAll(second.getList("hits.imageId", String.class));
        assertThat(paged).isEqualTo(fused);
        assertThat(filtered).hasSize(10).doesNotContain("img-7")
                .allSatisfy(id -> assertThat(Integer.parseInt(id.substring(4)) % 3).isZero());
    }

    @Test
    void modeMistakesAre400sNamingTheField() {
        given().queryParam("q", "red").queryParam("mode", "fuzzy").get("/v1/search").then().statusCode(400)
                .contentType(PROBLEM).body("field", equalTo("mode"));
        given().queryParam("q", "red").queryParam("mode", "keyword").queryParam("vectorWeight", 2)
                .get("/v1/search").then().statusCode(400).body("field", equalTo("vectorWeight"));
        given().queryParam("q", "red").queryParam("mode", "hybrid").queryParam("keywordWeight", "lots")
                .get("/v1/search").then().statusCode(400).body("field", equalTo("keywordWeight"));
        given().queryParam("q", "red").queryParam("mode", "hybrid").queryParam("keywordWeight", -1)
                .get("/v1/search").then().statusCode(400).body("field", equalTo("keywordWeight"));
        given().contentType(ContentType.JSON).body(Map.of("terms", List.of(Map.of("imageId", "img-1")),
                "mode", "keyword")).post("/v1/search").then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("mode"));
        String hybrid = given().queryParam("q", "red").queryParam("mode", "hybrid").get("/v1/search")
                .then().statusCode(200).extract().path("searchId");
        given().queryParam("searchId", hybrid).queryParam("offset", 20).queryParam("mode", "vector")
                .get("/v1/search").then().statusCode(400).body("field", equalTo("mode"));
    }

    @Test
    void theOpenApiDocumentDescribesTheRankingModes() {
        String doc = given().get("/q/openapi").then().statusCode(200).extract().asString();

        assertThat(doc).contains("keywordWeight").contains("vectorWeight").contains("hybrid")
                .contains("reciprocal rank").contains("422");
    }

    @Test
    void theOpenApiDocumentDescribesTermsAndTheSyntax() {
        String doc = given().get("/q/openapi").then().statusCode(200).extract().asString();

        assertThat(doc).contains("TermBody").contains("terms").contains("beach -people +sunset:0.5")
                .contains("imageUpload").contains("pointer").contains("position");
    }

    private static float[] combine(float[][] vectors, double[] weights) {
        float[] sum = new float[vectors[0].length];
        for (int t = 0; t < vectors.length; t++) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += (float) (weights[t] * vectors[t][i]);
            }
        }
        return Vectors.normalizeInPlace(sum);
    }

    private static float[] unit(float[] v) {
        return Vectors.normalizeInPlace(v.clone());
    }

    /** Every hit's score is its cosine with {@code query}, best first, and the best of all images comes first. */
    private void assertScores(JsonPath body, float[] query) {
        List<Map<String, Object>> hits = body.getList("hits");
        assertThat(hits).isNotEmpty();
        for (Map<String, Object> hit : hits) {
            double score = ((Number) hit.get("score")).doubleValue();
            assertThat(score).as((String) hit.get("imageId"))
                    .isCloseTo(Vectors.dot(query, unit(fixture.baseVectors.get((String) hit.get("imageId")))),
                            within(1e-3));
        }
    }

    private List<JsonNode> events(String topic, String searchId) {
        List<JsonNode> found = new java.util.ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(fixture.infra.kafkaBootstrapServers(), topic)) {
            if (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(searchId)) {
                try {
                    found.add(EventJson.mapper().readTree(r.value()));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return found;
    }

    private JsonNode event(String topic, String searchId) {
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(fixture.infra.kafkaBootstrapServers(), topic)) {
            if (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(searchId)) {
                try {
                    return EventJson.mapper().readTree(r.value());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return null;
    }
}
