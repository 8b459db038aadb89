package io.clipstream.query.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipstream.events.EventJson;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.model.calibration.RelevanceCalibration;
import io.clipstream.model.calibration.ScoreContext;
import io.clipstream.testing.QuarkusApp;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The relevance cut-off through the packaged app on a real Kafka broker and Milvus Lite: v0 has no calibration,
 * v1 is published with one in its manifest (identity adapters, so scores stay the base cosines), and each search
 * is judged by the calibration of the version that served it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelevanceCutoffIT {

    static final int IMAGES = 30;
    static final String PROBLEM = "application/problem+json";
    /** P = sigmoid(1 + 100 (score - best)): the best hit 0.73, the rest falling with their gap to it. */
    static final RelevanceCalibration CALIBRATION = new RelevanceCalibration(8, List.of(0.0, 100.0, 0.0, 0.0, 0.0),
            1.0, 0.5);

    QueryApiFixture fixture;
    QuarkusApp app;

    @BeforeAll
    void start() throws Exception {
        fixture = new QueryApiFixture("cutoff");
        fixture.seed(IMAGES);
        int d = fixture.model.dims();
        ResidualAdapter identity = new ResidualAdapter(d, new float[d * d], new float[d], 1f);
        ObjectNode manifest = EventJson.mapper().createObjectNode();
        manifest.set(AdapterRegistry.CALIBRATION, EventJson.mapper().valueToTree(CALIBRATION));
        new AdapterRegistry(fixture.registry).write(fixture.modelId, 1, identity, identity, manifest);
        fixture.writeVersion(1, identity);
        fixture.publish(1);
        fixture.projected(1);
        app = fixture.start("query-api-cutoff", Map.of());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                api().get("/q/health/ready").then().statusCode(200));
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void judgedByTheServingVersionsCalibration() {
        activate(0);
        // v0 has none: every hit shown, the answer says why; no cut-off asked for: no cutoff block at all.
        JsonPath uncut = api().queryParam("q", "a red square").queryParam("k", 5).queryParam("cutoff", "auto")
                .get("/v1/search").then().statusCode(200).extract().jsonPath();
        assertThat(uncut.getBoolean("cutoff.applied")).isFalse();
        assertThat(uncut.getString("cutoff.reason")).contains("v0 was published without a relevance calibration");
        assertThat(uncut.getInt("cutoff.passed")).isEqualTo(5);
        assertThat(uncut.getBoolean("hasMore")).isTrue();
        assertThat(uncut.getList("hits.probability")).containsOnlyNulls();
        JsonPath plain = api().queryParam("q", "a red square").queryParam("k", 5).get("/v1/search")
                .then().statusCode(200).extract().jsonPath();
        assertThat(plain.getMap("$")).doesNotContainKey("cutoff");

        activate(1);
        JsonPath first = api().queryParam("q", "a red square").queryParam("k", 10).queryParam("cutoff", "auto")
                .get("/v1/search").then().statusCode(200).extract().jsonPath();
        assertThat(first.getInt("model.version")).isEqualTo(1);
        assertThat(first.getBoolean("cutoff.applied")).isTrue();
        assertThat(first.getInt("cutoff.calibratedBy")).isEqualTo(1);
        assertThat(first.getDouble("cutoff.probability")).isEqualTo(0.5);
        List<Double> scores = first.getList("hits.score", Double.class);
        List<Double> probabilities = first.getList("hits.probability", Double.class);
        ScoreContext context = ScoreContext.of(scores.stream().mapToDouble(Double::doubleValue).toArray(), 8);
        int passing = 0;
        for (int i = 0; i < scores.size(); i++) {
            double expected = CALIBRATION.probability(scores.get(i), context);
            assertThat(probabilities.get(i)).isCloseTo(expected, within(1e-6));
            passing += expected >= 0.5 ? 1 : 0;
        }
        assertThat(first.getInt("cutoff.passed")).isEqualTo(passing).isPositive();
        assertThat(first.getInt("cutoff.weaker")).isEqualTo(10 - passing);
        assertThat(first.getBoolean("hasMore")).isEqualTo(passing == 10);

        // Between the third and fourth hit's probability: three pass, and no later hit can.
        assertThat(probabilities.get(2)).isGreaterThan(probabilities.get(3));
        double between = (probabilities.get(2) + probabilities.get(3)) / 2;
        JsonPath three = api().queryParam("q", "a red square").queryParam("k", 10)
                .queryParam("cutoff", String.valueOf(between)).get("/v1/search").then().statusCode(200)
                .extract().jsonPath();
        assertThat(three.getInt("cutoff.passed")).isEqualTo(3);
        assertThat(three.getInt("cutoff.weaker")).isEqualTo(7);
        assertThat(three.getBoolean("hasMore")).as("no later hit can pass").isFalse();

        // A page of the same search beyond the context's depth: its hits judged in the same context.
        JsonPath second = api().queryParam("searchId", first.getString("searchId")).queryParam("k", 10)
                .queryParam("offset", 10).queryParam("cutoff", "0").get("/v1/search").then().statusCode(200)
                .extract().jsonPath();
        List<Double> secondScores = second.getList("hits.score", Double.class);
        List<Double> secondP = second.getList("hits.probability", Double.class);
        for (int i = 0; i < secondScores.size(); i++) {
            assertThat(secondP.get(i)).isCloseTo(CALIBRATION.probability(secondScores.get(i), context),
                    within(1e-6));
        }
        assertThat(second.getInt("cutoff.passed")).isEqualTo(10);
        assertThat(second.getBoolean("hasMore")).as("every hit passed a cut-off of 0").isTrue();

        // A weighted query is not judged: the calibration is fitted on plain text searches.
        JsonPath weighted = api().queryParam("q", "a red square -circle").queryParam("k", 5)
                .queryParam("cutoff", "auto").get("/v1/search").then().statusCode(200).extract().jsonPath();
        assertThat(weighted.getBoolean("cutoff.applied")).isFalse();
        assertThat(weighted.getString("cutoff.reason")).contains("plain text searches");

        // POST takes it too; a probability of 1 passes nothing, so there is no good match.
        JsonPath none = api().contentType(ContentType.JSON).body(Map.of("text", "a red square", "k", 5,
                "cutoff", "1")).post("/v1/search").then().statusCode(200).extract().jsonPath();
        assertThat(none.getInt("cutoff.passed")).isZero();
        assertThat(none.getInt("cutoff.weaker")).isEqualTo(5);
        assertThat(none.getBoolean("hasMore")).isFalse();
    }

    @Test
    void badCutoffsAre400ProblemsNamingTheField() {
        for (String bad : List.of("maybe", "1.5", "-0.1", "NaN", "0x1")) {
            api().queryParam("q", "a red square").queryParam("cutoff", bad).get("/v1/search").then()
                    .statusCode(400).contentType(PROBLEM).body("field", equalTo("cutoff"))
                    .body("detail", containsString("cutoff"));
        }
        api().contentType(ContentType.JSON).body(Map.of("text", "a red square", "cutoff", "high"))
                .post("/v1/search").then().statusCode(400).contentType(PROBLEM).body("field", equalTo("cutoff"));
    }

    @Test
    void theOpenApiDocumentDescribesTheCutoff() {
        String doc = api().get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(doc).contains("cutoff").contains("Relevance cut-off").contains("CutoffInfo")
                .contains("calibratedBy");
    }

    private void activate(int version) {
        if (api().get("/v1/models/active").then().extract().jsonPath().getInt("version") == version) {
            return;
        }
        api().header("X-API-Key", QueryApiFixture.API_KEY).contentType(ContentType.JSON)
                .body(Map.of("version", version)).post("/v1/admin/models/activate").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api().get("/v1/models/active").then().extract().jsonPath().getInt("version") == version);
    }

    private RequestSpecification api() {
        return given().baseUri("http://127.0.0.1").port(app.httpPort());
    }
}
