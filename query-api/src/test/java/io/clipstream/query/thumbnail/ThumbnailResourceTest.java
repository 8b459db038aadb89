package io.clipstream.query.thumbnail;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The endpoint in-process without any Kafka: the application starts and stops without hanging, a bad id is a
 * 400 at once, and a valid one a 503 with Retry-After while the view cannot load. The rest is ThumbnailIT's.
 */
@QuarkusTest
@TestProfile(ThumbnailResourceTest.NoKafka.class)
class ThumbnailResourceTest {

    /** A broker address where nothing listens, and no Dev Services container in its place. */
    public static class NoKafka implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:9",
                    "quarkus.kafka.devservices.enabled", "false");
        }
    }

    @Test
    void aBadIdIs400() {
        given().get("/v1/images/{id}/thumbnail", "bad\u0001id")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://clipstream.io/problems/invalid-field"))
                .body("status", equalTo(400))
                .body("field", equalTo("imageId"));
    }

    @Test
    void aValidIdIs503WithRetryAfterWhileTheViewIsNotLoaded() {
        given().get("/v1/images/{id}/thumbnail", "inline/1")
                .then().statusCode(503)
                .header("Retry-After", "5")
                .contentType("application/problem+json")
                .body("type", equalTo("https://clipstream.io/problems/not-ready"))
                .body("status", equalTo(503));
    }

    @Test
    void livenessDoesNotWaitForTheView() {
        given().get("/q/health/live").then().statusCode(200);
    }
}
