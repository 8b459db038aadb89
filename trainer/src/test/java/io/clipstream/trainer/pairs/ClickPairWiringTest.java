package io.clipstream.trainer.pairs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

/** The beans as the service gets them: nothing here talks to Kafka (the topology is not started). */
@QuarkusTest
@TestProfile(ClickPairWiringTest.Profile.class)
class ClickPairWiringTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "clipstream.model.dir", "target/no-model",
                    "clipstream.model.id", "tiny-clip",
                    "clipstream.topics.impressions", "wired.impressions",
                    "clipstream.topics.pair-stats", "wired.pair-stats",
                    "kafka.bootstrap.servers", "localhost:1",
                    "clipstream.topics.create", "false",
                    "quarkus.http.test-port", "0",
                    // The build passes clipstream.repo.root and clipstream.it.infrastructure as system properties
                    // to every test; they are not trainer settings.
                    "smallrye.config.mapping.validate-unknown", "false");
        }
    }

    @Inject
    Topology topology;

    @Inject
    ClickPairStreams streams;

    @Inject
    MeterRegistry registry;

    @Test
    void theTopologyBeanIsNoProxyAndReadsTheConfiguredTopics() {
        // KafkaStreams reads a field of the topology: a client proxy would hand it an empty one.
        assertThat(topology.getClass()).isEqualTo(Topology.class);
        assertThat(topology.describe().toString()).contains("wired.impressions", "search.clicks", "wired.pair-stats",
                ClickPairTopology.SEARCHES_STORE, ClickPairTopology.STATS_STORE);
    }

    @Test
    void notStartedItHoldsNothingBackAndItsCountersExist() {
        assertThat(streams.state()).isEmpty();
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem(ClickPairStreamsReadiness.NAME));
        assertThat(registry.get(MicrometerClickPairListener.CLICKS_DROPPED).tag("reason", "duplicate").counter()
                .count()).isZero();
        assertThat(registry.get(MicrometerClickPairListener.EMITTED).counter().count()).isZero();
    }
}
