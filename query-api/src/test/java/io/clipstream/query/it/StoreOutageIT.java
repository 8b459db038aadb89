package io.clipstream.query.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.clipstream.testing.FreePorts;
import io.clipstream.testing.QuarkusApp;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** With no vector store to talk to, searches answer 503 with a retry hint and readiness is down; nothing crashes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreOutageIT {

    QueryApiFixture fixture;
    QuarkusApp app;

    @BeforeAll
    void start() {
        fixture = new QueryApiFixture("store-outage");
        app = fixture.start("query-api-outage", Map.of(
                "clipstream.milvus.uri", "http://127.0.0.1:" + FreePorts.pick(),
                "clipstream.milvus.connect-timeout-ms", "1000",
                "clipstream.milvus.rpc-deadline-ms", "2000"));
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void searchesAre503WithRetryAfterAndReadinessIsDown() {
        api().queryParam("q", "anything").get("/v1/search").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "5")
                .body("status", equalTo(503)).body("detail", notNullValue());
        api().get("/v1/images/img-1/similar").then().statusCode(503).header("Retry-After", "5");
        api().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'vector-store' }.status", equalTo("DOWN"));
        // Input errors are still the client's: checked before the store is asked.
        api().queryParam("q", "").get("/v1/search").then().statusCode(400).body("field", equalTo("q"));
        api().get("/q/health/live").then().statusCode(200);
    }

    private RequestSpecification api() {
        return given().baseUri("http://127.0.0.1").port(app.httpPort());
    }
}
