package io.clipstream.testing;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The Kafka cluster and Milvus server integration tests run against. By default the embedded ones (a KRaft
 * broker from the Kafka jars, and Milvus Lite or, with {@code -Dclipstream.it.milvus=standalone}, the real Milvus
 * 2.3 standalone server, as child processes); with
 * {@code -Dclipstream.it.infrastructure=testcontainers} (Maven profile {@code testcontainers}) the
 * {@code apache/kafka} and {@code milvusdb/milvus} container images, when a Docker engine exists. Without one,
 * tests that ask for containers are skipped, not failed.
 */
public interface TestInfrastructure {

    String PROPERTY = "clipstream.it.infrastructure";

    static TestInfrastructure get() {
        String kind = System.getProperty(PROPERTY, "embedded");
        return switch (kind) {
            case "embedded" -> EmbeddedInfrastructure.INSTANCE;
            case "testcontainers" -> ContainerInfrastructure.shared();
            default -> throw new IllegalArgumentException(PROPERTY + " must be embedded or testcontainers, got "
                    + kind);
        };
    }

    String name();

    String kafkaBootstrapServers();

    /** Creates a topic unless it exists, and waits until every partition has a leader. */
    void createTopic(String name, int partitions, Map<String, String> configs);

    /** A new admin client; the caller closes it. */
    Admin admin();

    String milvusUri();

    /** Whether {@link #stopMilvus()} and {@link #startMilvus()} keep the address and the data. */
    boolean canRestartMilvus();

    void stopMilvus();

    void startMilvus();

    boolean milvusRunning();
}
