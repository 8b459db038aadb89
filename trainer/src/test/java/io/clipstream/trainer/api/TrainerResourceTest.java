package io.clipstream.trainer.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.clipstream.trainer.OfflineProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** The HTTP surface that needs neither Kafka nor a model: admin checks, problem details, run listing, metrics. */
@QuarkusTest
@TestProfile(OfflineProfile.class)
class TrainerResourceTest {

    @Test
    void changingCallsNeedTheAdminKey() {
        given().post("/v1/trainer/runs").then().statusCode(401)
                .contentType("application/problem+json").body("field", equalTo("X-API-Key"));
        given().header("X-API-Key", "guess").post("/v1/trainer/rollback").then().statusCode(403)
                .body("detail", containsString("disabled"));
        given().header("X-API-Key", "guess").post("/v1/trainer/versions/1/activate").then().statusCode(403);
    }

    @Test
    void listsRunsAndExposesRunCounters() {
        given().get("/v1/trainer/runs").then().statusCode(200).body("running", equalTo(false));
        given().get("/v1/trainer/runs/latest").then().statusCode(404).contentType("application/problem+json");
        given().get("/v1/trainer/runs/not-a-run").then().statusCode(404).body("field", equalTo("runId"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("clipstream_trainer_runs_total{outcome=\"refused\"}"));
    }
}
