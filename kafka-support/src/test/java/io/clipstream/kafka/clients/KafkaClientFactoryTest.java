package io.clipstream.kafka.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientFactoryTest {

    private final KafkaClientFactory secured = new KafkaClientFactory(Map.of(
            "bootstrap.servers", "kafka-1:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "ssl.truststore.location", "/etc/kafka/ca.p12",
            "client.id", "clipstream-indexer"));

    @Test
    void everyKindOfClientGetsTheSecuritySettings() {
        Map<String, Object> consumer = secured.consumerConfig("models", Map.of());
        Map<String, Object> producer = secured.producerConfig("dlq", Map.of());
        Properties streams = secured.streams("click-pairs", Map.of());

        for (Map<Object, Object> props : java.util.List.<Map<Object, Object>>of(Map.copyOf(consumer),
                Map.copyOf(producer), Map.copyOf(streams))) {
            assertThat(props).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
                    .containsEntry("bootstrap.servers", "kafka-1:9093");
        }
    }

    @Test
    void aConfiguredClientIdIsAPrefix() {
        assertThat(secured.consumerConfig("models", Map.of())).containsEntry("client.id", "clipstream-indexer-models");
        assertThat(secured.streams("click-pairs", Map.of())).containsEntry("client.id",
                "clipstream-indexer-click-pairs");
        assertThat(KafkaClientFactory.forBootstrap("h:1").clientId("models")).isEqualTo("models");
    }

    @Test
    void consumersNeitherCreateTopicsNorCommitByThemselvesUnlessTold() {
        assertThat(secured.consumerConfig("x", Map.of())).containsEntry("allow.auto.create.topics", "false")
                .containsEntry("enable.auto.commit", "false");
        assertThat(secured.consumerConfig("x", Map.of("enable.auto.commit", "true")))
                .containsEntry("enable.auto.commit", "true");
        assertThat(secured.producerConfig("x", Map.of())).containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true");
    }

    @Test
    void aMissingBootstrapIsRefusedAtOnce() {
        assertThatThrownBy(() -> new KafkaClientFactory(Map.of("security.protocol", "SSL")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kafka.bootstrap.servers");
    }

    @Test
    void staticMembershipReachesConsumersThatJoinAGroupAndTheStreamsMainConsumer() {
        KafkaClientFactory replica = secured.withGroupInstanceId(java.util.Optional.of("indexer-0"));

        assertThat(replica.consumerConfig("encode", Map.of("group.id", "clipstream-encoder-m")))
                .containsEntry("group.instance.id", "indexer-0");
        assertThat(replica.consumerConfig("models", Map.of())).doesNotContainKey("group.instance.id");
        assertThat(replica.streams("pairs", Map.of())).containsEntry("main.consumer.group.instance.id", "indexer-0")
                .doesNotContainKey("group.instance.id");
        assertThat(secured.consumerConfig("encode", Map.of("group.id", "g"))).doesNotContainKey("group.instance.id");
        assertThat(secured.withGroupInstanceId(java.util.Optional.of(" ")).groupInstanceId()).isEmpty();
    }

    @Test
    void consumersBuiltElsewhereGetTheSameRulesWithoutLosingTheirOwnSettings() {
        KafkaClientFactory replica = secured.withGroupInstanceId(java.util.Optional.of("indexer-0"));
        Map<String, Object> channel = new java.util.HashMap<>(Map.of("group.id", "g", "allow.auto.create.topics",
                "true"));

        assertThat(replica.applyConsumerRules(channel)).containsEntry("group.instance.id", "indexer-0")
                .containsEntry("allow.auto.create.topics", "true");
        assertThat(replica.applyConsumerRules(new java.util.HashMap<>())).containsEntry("allow.auto.create.topics",
                "false").doesNotContainKey("group.instance.id");
    }

    @Test
    void describingTheListenerNamesProtocolAndMechanismButNoSecret() {
        KafkaClientFactory withSecret = new KafkaClientFactory(Map.of("bootstrap.servers", "k:9093",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "x required username=\"u\" password=\"secret\";"));

        assertThat(withSecret.describe()).isEqualTo("k:9093 (SASL_SSL, SCRAM-SHA-512)");
        assertThat(KafkaClientFactory.forBootstrap("h:1").describe()).isEqualTo("h:1 (PLAINTEXT)");
    }
}
