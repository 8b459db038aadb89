package io.clipstream.kafka.naming;

import java.util.Locale;

/**
 * The one place names derived from a model are built: consumer groups, the click-pair application id, the
 * embeddings log and its dead letters, and the vector-store collections. Whoever needs one of these names asks
 * here, so that the group a trainer measures is the group the indexer commits to, and so on.
 */
public final class Names {

    /** The alias searches go through: it points at the live version's collection. */
    public static final String DEFAULT_ALIAS = "images";

    private Names() {
    }

    /** The encode stage's group (images.uploaded to the embeddings log): one per base model. */
    public static String encodeGroup(String modelId) {
        return "clipstream-encoder-" + modelId;
    }

    /**
     * The projector group of one model version, {@code clipstream-projector-<model>-v<n>}: a version is built when
     * this group's committed offsets reach the embeddings log's end offsets.
     */
    public static String projectorGroup(String modelId, int version) {
        return "clipstream-projector-" + modelId + "-v" + version;
    }

    /** The duplicates stage's group (the embeddings log to the duplicates topic): one per base model. */
    public static String duplicatesGroup(String modelId) {
        return "clipstream-duplicates-" + modelId;
    }

    /** The click-pair Kafka Streams application (its group and the prefix of its internal topics). */
    public static String clickPairsApplicationId(String modelId) {
        return "clipstream-click-pairs-" + modelId;
    }

    /** The compacted log of base embeddings of one model. */
    public static String embeddingsTopic(String prefix, String modelId) {
        return prefix + modelId;
    }

    /** Where records refused from {@code topic} go, byte for byte, with the reason in headers. */
    public static String deadLetterTopic(String topic) {
        return topic + ".dlq";
    }

    /**
     * The collection of a model version: {@code images_<model id>_v<version>}, the id lower-cased and every
     * character Milvus does not allow in names replaced by an underscore.
     */
    public static String collection(String modelId, int version) {
        return "images_" + modelId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_v" + version;
    }
}
