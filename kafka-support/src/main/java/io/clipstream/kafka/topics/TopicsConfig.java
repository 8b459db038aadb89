package io.clipstream.kafka.topics;

import io.clipstream.kafka.naming.Names;
import io.smallrye.config.WithDefault;

/**
 * The {@code clipstream.topics.*} settings, one configuration group that every service maps (and the CLI's
 * {@code topics} command reads from the same environment): topic names, how many partitions the partitioned topics
 * get, and whether a service creates what is missing at start-up. {@link TopicPlan} turns them into topics.
 */
public interface TopicsConfig {

    /** Create missing topics at start-up with the plan's partitions and cleanup policies. */
    @WithDefault("true")
    boolean create();

    @WithDefault("images.uploaded")
    String uploaded();

    /** Retention of the uploads: -1 keeps them forever (a new base model re-encodes every image from this log). */
    @WithDefault("-1")
    long uploadedRetentionMs();

    @WithDefault("images.uploaded.dlq")
    String uploadedDlq();

    /** The embeddings log of a model is this prefix plus the model id; its dead letters add {@code .dlq}. */
    @WithDefault("images.embeddings.")
    String embeddingsPrefix();

    @WithDefault("images.indexed")
    String indexed();

    /** Compacted: a small JPEG per image id for the web UI, or a tombstone. Not per model: images are not. */
    @WithDefault("images.thumbnails")
    String thumbnails();

    /** Compacted, one partition: PUBLISHED per version ({@code <model>/v<n>}) and ACTIVATED. */
    @WithDefault("models")
    String models();

    @WithDefault("search.impressions")
    String impressions();

    @WithDefault("search.clicks")
    String clicks();

    /** One record per first click on an image in a text search: what the training runs read by window. */
    @WithDefault("training.click-pairs")
    String clickPairs();

    /** Compacted running totals per (query, image). */
    @WithDefault("training.pair-stats")
    String pairStats();

    /**
     * Compacted: per image id its duplicate evidence, links and groups (the duplicates stage's whole state), or a
     * tombstone.
     */
    @WithDefault("images.duplicates")
    String duplicates();

    /** Compacted: groups a user said are not duplicates, per tier and members; replays respect them. */
    @WithDefault("images.duplicates.dismissals")
    String duplicateDismissals();

    /** Partitions of every partitioned topic: the most replicas that can share the work of one group. */
    @WithDefault("6")
    int partitions();

    @WithDefault("1")
    short replicationFactor();

    /** The embeddings log of {@code modelId}. */
    default String embeddings(String modelId) {
        return Names.embeddingsTopic(embeddingsPrefix(), modelId);
    }
}
