package io.clipstream.kafka.topics;

/** What a topic is for; {@link TopicPlan} says its name, partitions and policy. */
public enum TopicRole {
    UPLOADS,
    UPLOADS_DLQ,
    EMBEDDINGS,
    EMBEDDINGS_DLQ,
    INDEXED,
    THUMBNAILS,
    MODELS,
    IMPRESSIONS,
    CLICKS,
    CLICK_PAIRS,
    PAIR_STATS,
    DUPLICATES,
    DUPLICATE_DISMISSALS
}
