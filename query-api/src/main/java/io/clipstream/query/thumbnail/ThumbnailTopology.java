package io.clipstream.query.thumbnail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.Stores;
import io.clipstream.query.config.QueryConfig;
import jakarta.inject.Inject;

/**
 * The Kafka Streams topology of the query API: the compacted thumbnails topic as a global table in a persistent
 * (RocksDB) store. Global, so that every replica holds every thumbnail whatever the partitioning; a global-only
 * topology runs no stream threads and joins no consumer group, so replicas do not share work or state. The
 * store is checkpointed in the state directory: a restart reads only what was appended since.
 */
@ApplicationScoped
public class ThumbnailTopology {

    /** Name of the store that {@link ThumbnailStore} queries. */
    public static final String STORE = "thumbnails";

    @Inject
    QueryConfig config;

    @Produces
    public Topology buildTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.globalTable(config.topics().thumbnails(), Consumed.with(Serdes.String(), Serdes.ByteArray()),
                Materialized.<String, byte[]>as(Stores.persistentKeyValueStore(STORE))
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray()));
        return builder.build();
    }
}
