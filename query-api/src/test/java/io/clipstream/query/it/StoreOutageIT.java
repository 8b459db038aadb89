package io.clipstream.query.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clipstream.testing.FreePorts;
import io.clipstream.testing.QuarkusApp;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With no vector store to talk to, searches answer 503 with a retry hint and readiness is down; nothing crashes.
 * Readiness answers within a second throughout, from the service's background ping, and is up again once the store
 * is back.
 */
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
        long started = System.nanoTime();
        api().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'vector-store' }.status", equalTo("DOWN"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("readiness, not the 2 s of a Milvus call")
                .isLessThan(Duration.ofSeconds(1));
        // Input errors are still the client's: checked before the store is asked.
        api().queryParam("q", "").get("/v1/search").then().statusCode(400).body("field", equalTo("q"));
        api().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void readinessFollowsAStoreThatGoesAndComesBackAnsweringWithinASecond() {
        assumeTrue(fixture.infra.canRestartMilvus(), "needs a Milvus that restarts on the same address");
        QuarkusApp live = fixture.start("query-api-live", Map.of("clipstream.milvus.rpc-deadline-ms", "5000"));
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> api(live).get("/q/health/ready").then()
                    .statusCode(200));
            fixture.infra.stopMilvus();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                long started = System.nanoTime();
                api(live).get("/q/health/ready").then().statusCode(503)
                        .body("checks.find { it.name == 'vector-store' }.status", equalTo("DOWN"));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            });
            fixture.infra.startMilvus();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> api(live).get("/q/health/ready").then().statusCode(200));
        } finally {
            if (!fixture.infra.milvusRunning()) {
                fixture.infra.startMilvus();
            }
        }
    }

    private RequestSpecification api() {
        return api(app);
    }

    private static RequestSpecification api(QuarkusApp target) {
        return given().baseUri("http://127.0.0.1").port(target.httpPort());
    }
}
