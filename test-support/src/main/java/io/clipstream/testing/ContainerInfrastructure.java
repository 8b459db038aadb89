package io.clipstream.testing;

import io.clipstream.kafka.clients.KafkaClientFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.milvus.MilvusContainer;

/**
 * Kafka and Milvus from their official container images, for the Testcontainers profile. Asked for without a
 * Docker engine, it aborts the calling test, which JUnit reports as skipped.
 */
final class ContainerInfrastructure implements TestInfrastructure {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String MILVUS_IMAGE = "milvusdb/milvus:v2.6.4";

    private static ContainerInfrastructure shared;

    private final KafkaContainer kafka;
    private final MilvusContainer milvus;

    private ContainerInfrastructure(KafkaContainer kafka, MilvusContainer milvus) {
        this.kafka = kafka;
        this.milvus = milvus;
    }

    static synchronized ContainerInfrastructure shared() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            Assumptions.abort("no Docker engine here: the tests on the Testcontainers infrastructure are skipped");
        }
        if (shared == null) {
            KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
            MilvusContainer milvus = new MilvusContainer(MILVUS_IMAGE);
            kafka.start();
            milvus.start();
            shared = new ContainerInfrastructure(kafka, milvus);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                milvus.stop();
                kafka.stop();
            }, "testcontainers-cleanup"));
        }
        return shared;
    }

    @Override
    public String name() {
        return "containers " + KAFKA_IMAGE + " and " + MILVUS_IMAGE;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all()
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topic " + name + " timed out", e);
        }
    }

    @Override
    public Admin admin() {
        return KafkaClientFactory.forBootstrap(kafkaBootstrapServers()).admin("test-admin", Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(30).toMillis()));
    }

    @Override
    public String milvusUri() {
        return milvus.getEndpoint();
    }

    /** A restarted container gets a new host port, so the outage test does not run on containers. */
    @Override
    public boolean canRestartMilvus() {
        return false;
    }

    @Override
    public void stopMilvus() {
        throw new UnsupportedOperationException("containers cannot be restarted on the same address");
    }

    @Override
    public void startMilvus() {
        throw new UnsupportedOperationException("containers cannot be restarted on the same address");
    }

    @Override
    public boolean milvusRunning() {
        return milvus.isRunning();
    }
}
