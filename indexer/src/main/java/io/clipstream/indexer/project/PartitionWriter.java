package io.clipstream.indexer.project;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a {@link ProjectorRuntime} hands each partition's records to. It returns only once every write the records
 * caused was acknowledged, so that the runtime may then commit their offsets.
 */
public interface PartitionWriter {

    /** @param pause what to do between two attempts while the store is out */
    void project(List<ConsumerRecord<String, byte[]>> records, StoreRetry.Pause pause) throws InterruptedException;
}
