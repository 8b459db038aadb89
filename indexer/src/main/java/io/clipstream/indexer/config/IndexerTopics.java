package io.clipstream.indexer.config;

import io.clipstream.kafka.topics.TopicRole;
import io.clipstream.kafka.topics.TopicUse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.EnumSet;

/**
 * The indexer's topics, created by the shared start-up before its channels run: uploads and their dead letters,
 * the embeddings log and its dead letters, image status, thumbnails, the models topic, and the
 * duplicates topic with its dismissals. The indexer cannot start
 * without Kafka: it has nothing to do.
 */
@ApplicationScoped
public class IndexerTopics {

    @Produces
    @Singleton
    TopicUse indexerTopics(IndexerConfig config) {
        return TopicUse.of("indexer", config.topics(), config.model().id(), EnumSet.of(TopicRole.UPLOADS,
                TopicRole.UPLOADS_DLQ, TopicRole.EMBEDDINGS, TopicRole.EMBEDDINGS_DLQ, TopicRole.INDEXED,
                TopicRole.THUMBNAILS, TopicRole.MODELS, TopicRole.DUPLICATES,
                TopicRole.DUPLICATE_DISMISSALS), true);
    }
}
