package io.clipstream.trainer.pairs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import io.clipstream.trainer.OfflineProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

/** The beans as the service gets them: nothing here talks to Kafka (the topology is not started). */
@QuarkusTest
@TestProfile(OfflineProfile.class)
class ClickPairWiringTest {

    @Inject
    @ClickPairs
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
