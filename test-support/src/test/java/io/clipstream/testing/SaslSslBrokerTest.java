package io.clipstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.kafka.clients.KafkaAccessException;
import io.clipstream.kafka.clients.KafkaClientFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness's SASL_SSL broker: SCRAM users from format time, a test CA the clients must trust. */
class SaslSslBrokerTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.builder().autoCreateTopics(false).saslSsl().start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theClientUserRoundTripsARecordOverTls() {
        broker.createTopic("secured", 1, Map.of());
        KafkaClientFactory kafka = broker.clients();
        assertThat(kafka.describe()).isEqualTo(broker.bootstrapServers() + " (SASL_SSL, SCRAM-SHA-512)");
        try (KafkaProducer<String, String> producer = kafka.producer("p", new StringSerializer(),
                new StringSerializer(), Map.of())) {
            producer.send(new ProducerRecord<>("secured", "k", "v")).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        try (KafkaConsumer<String, String> consumer = kafka.consumer("c", new StringDeserializer(),
                new StringDeserializer(), Map.of())) {
            TopicPartition partition = new TopicPartition("secured", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, String>> read = new java.util.ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return !read.isEmpty();
            });
            assertThat(read).singleElement().extracting(ConsumerRecord::value).isEqualTo("v");
        }
    }

    @Test
    void aWrongPasswordIsRefusedAtOnceWithTheListenerAndTheMechanismNamed() {
        KafkaClientFactory wrong = new KafkaClientFactory(broker.clientSettings(
                KafkaBroker.SaslSsl.CLIENT_USER, "not-the-password"));
        long started = System.nanoTime();
        try (Admin admin = wrong.admin("wrong")) {
            assertThatThrownBy(() -> admin.listTopics().names().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class)
                    .satisfies(e -> assertThat(KafkaAccessException.of(e, wrong, "list topics")).hasValueSatisfying(
                            refused -> assertThat(refused.getMessage()).contains(broker.bootstrapServers())
                                    .contains("SASL_SSL").contains("SCRAM-SHA-512").contains("credentials")
                                    .doesNotContain("not-the-password").doesNotContain("\n")));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused, not retried")
                .isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aClientThatDoesNotTrustTheTestCaFailsTheHandshake() {
        Map<String, Object> settings = new HashMap<>(broker.clientSettings());
        settings.remove(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        settings.remove(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        settings.remove(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG);
        assertThat(settings).containsKey(SaslConfigs.SASL_JAAS_CONFIG);
        KafkaClientFactory untrusting = new KafkaClientFactory(settings);
        try (Admin admin = untrusting.admin("untrusting")) {
            assertThatThrownBy(() -> admin.listTopics().names().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SslAuthenticationException.class)
                    .satisfies(e -> assertThat(KafkaAccessException.of(e, untrusting, "list topics"))
                            .hasValueSatisfying(refused -> assertThat(refused.getMessage()).contains("TLS")));
        }
    }
}
