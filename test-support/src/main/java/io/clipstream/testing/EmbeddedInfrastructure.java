package io.clipstream.testing;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The shared embedded Kafka broker and Milvus server of this test JVM: Milvus Lite or the real Milvus standalone
 * server, as {@value MilvusServer#KIND_PROPERTY} says.
 */
final class EmbeddedInfrastructure implements TestInfrastructure {

    static final EmbeddedInfrastructure INSTANCE = new EmbeddedInfrastructure();

    private MilvusServer milvus;

    private EmbeddedInfrastructure() {
    }

    /** The shared server, held here: {@code shared()} would restart a server a test stopped on purpose. */
    private synchronized MilvusServer milvus() {
        if (milvus == null) {
            milvus = MilvusServer.Kind.configured().shared();
        }
        return milvus;
    }

    @Override
    public String name() {
        return "embedded Kafka (KRaft) and " + switch (MilvusServer.Kind.configured()) {
            case LITE -> "Milvus Lite";
            case STANDALONE -> "Milvus 2.3 standalone";
        };
    }

    @Override
    public String kafkaBootstrapServers() {
        return KafkaBroker.shared().bootstrapServers();
    }

    @Override
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        KafkaBroker.shared().createTopic(name, partitions, configs);
    }

    @Override
    public Admin admin() {
        return KafkaBroker.shared().admin();
    }

    @Override
    public String milvusUri() {
        return milvus().uri();
    }

    @Override
    public boolean canRestartMilvus() {
        return true;
    }

    @Override
    public void stopMilvus() {
        milvus().stop();
    }

    @Override
    public void startMilvus() {
        milvus().start();
    }

    @Override
    public boolean milvusRunning() {
        return milvus().isRunning();
    }
}
