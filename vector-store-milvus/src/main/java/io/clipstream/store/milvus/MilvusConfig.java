package io.clipstream.store.milvus;

import io.clipstream.store.VectorStore;
import io.clipstream.store.health.StoreHealth;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code clipstream.milvus.*} settings, a configuration group every service's mapping shares. A service with
 * other needs sets its own values in its application.properties (the query API a shorter search deadline).
 */
public interface MilvusConfig {

    @WithDefault("http://localhost:19530")
    String uri();

    Optional<String> token();

    Optional<String> database();

    @WithDefault("5000")
    long connectTimeoutMs();

    /** Deadline of one call to Milvus. */
    @WithDefault("30000")
    long rpcDeadlineMs();

    @WithDefault("16")
    int hnswM();

    @WithDefault("200")
    int hnswEfConstruction();

    /** HNSW ef at search time (raised to k + offset when that is larger). */
    @WithDefault("64")
    int searchEf();

    /** Deadline of a health probe, on a connection of its own: health checks never wait longer for Milvus. */
    @WithDefault("1000")
    long probeDeadlineMs();

    /** Time between two health probes of a service's background ping. */
    @WithDefault("2000")
    long probeIntervalMs();

    /** A started {@link StoreHealth} of {@code store} with these probe settings; the caller closes it. */
    default StoreHealth health(VectorStore store) {
        return new StoreHealth(store, Duration.ofMillis(probeIntervalMs()), Duration.ofMillis(probeDeadlineMs()))
                .start();
    }

    default MilvusSettings settings() {
        return new MilvusSettings(uri(), token().orElse(""), database().orElse(""), connectTimeoutMs(),
                rpcDeadlineMs(), hnswM(), hnswEfConstruction(), searchEf(), probeDeadlineMs());
    }
}
