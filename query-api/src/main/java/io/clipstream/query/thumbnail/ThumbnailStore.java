package io.clipstream.query.thumbnail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jboss.logging.Logger;

/**
 * Interactive queries on this replica's thumbnails view. Answers only once Kafka Streams is RUNNING: for a
 * global-only topology that means the global store has caught up with the topic's end as of start-up, so a miss
 * is a real miss and not a thumbnail that has not been restored yet.
 */
@ApplicationScoped
public class ThumbnailStore {

    private static final Logger LOG = Logger.getLogger(ThumbnailStore.class);

    @Inject
    KafkaStreams streams;

    public ThumbnailLookup find(String imageId) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return new ThumbnailLookup.NotReady("the thumbnail view is not ready (Kafka Streams is " + state + ")");
        }
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    ThumbnailTopology.STORE, QueryableStoreTypes.keyValueStore()));
            byte[] jpeg = store.get(imageId);
            return jpeg == null ? new ThumbnailLookup.Missing() : new ThumbnailLookup.Found(jpeg);
        } catch (InvalidStateStoreException e) {
            // The state can change between the check above and the query (a shutdown, a failed global thread).
            LOG.debugf(e, "thumbnail store not queryable for %s", imageId);
            return new ThumbnailLookup.NotReady("the thumbnail view is not queryable: " + e.getMessage());
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }
}
