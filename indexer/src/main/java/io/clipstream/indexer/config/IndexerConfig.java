package io.clipstream.indexer.config;

import io.clipstream.events.VectorEncoding;
import io.clipstream.kafka.naming.Names;
import io.clipstream.kafka.topics.TopicsConfig;
import io.clipstream.model.config.ModelConfig;
import io.clipstream.model.config.OnnxConfig;
import io.clipstream.store.milvus.MilvusConfig;
import io.clipstream.versions.VersionsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed settings of the indexer, under {@code clipstream.*}; units are in the names. */
@ConfigMapping(prefix = "clipstream")
public interface IndexerConfig {

    ModelConfig model();

    OnnxConfig onnx();

    Encode encode();

    Decode decode();

    Fetch fetch();

    Projector projector();

    Reindex reindex();

    VersionsConfig versions();

    Registry registry();

    MilvusConfig milvus();

    /** The shared {@code clipstream.topics.*} group (names, partitions, creation). */
    TopicsConfig topics();

    Thumbnails thumbnails();

    Duplicates duplicates();

    /**
     * The duplicates stage: pixel evidence at ingest, and the stage that groups exact copies, near duplicates and
     * same-scene shots from the embeddings log into the compacted duplicates topic.
     */
    interface Duplicates {
        /** Run the duplicates stage (embeddings log to the duplicates topic) in this process. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Grey-level range (brightest minus darkest, 0-255, over 16x16 box averages) below which an image counts as
         * near-uniform (black, white, one colour): such images never form near or scene groups.
         */
        @WithDefault("3.0")
        double degenerateMaxGreyRange();

        /**
         * Cosine of base embeddings from which two images may be near duplicates, per model id (calibrated for each
         * model by DuplicateEvaluationTest; the value under {@code default} serves models not named).
         */
        Map<String, Double> nearMinCosine();

        /** Smallest correlation of the two grey thumbnails (perceptual hashes) that confirms a near duplicate. */
        @WithDefault("0.8")
        double nearMinPixelCorrelation();

        /** Cosine from which two images taken close in time are the same scene, per model id like near. */
        Map<String, Double> sceneMinCosine();

        /** Event times at most this far apart can be the same scene. */
        @WithDefault("600000")
        long sceneWindowMs();

        /** Nearest neighbours looked up in the live collection per image. */
        @WithDefault("20")
        int neighbours();

        /**
         * Vectors of the last images seen that each new one is compared with directly, besides the collection:
         * the projector may not have written them yet. About 1 ms per image per 4096 at 512 dimensions.
         */
        @WithDefault("4096")
        int recentVectors();
    }

    interface Encode {
        /** Run the encode stage (images.uploaded to the embeddings log) in this process. */
        @WithDefault("true")
        boolean enabled();

        /** Images per encoder call; lowered temporarily when the device runs out of memory. */
        @WithDefault("32")
        int maxBatchSize();

        /** How long the first image of a batch waits for more before the batch runs anyway. */
        @WithDefault("20")
        int maxWaitMs();

        /** Decode and preprocess threads; 0 means one per available processor. */
        @WithDefault("0")
        int decodeThreads();

        /** Good batches in a row before a batch size lowered by out-of-memory doubles again. */
        @WithDefault("50")
        int oomGrowAfterBatches();

        /**
         * Poll batches in flight at once: the next batch is decoded while the previous one finishes encoding and
         * its writes are acknowledged. 1 processes one batch at a time.
         */
        @WithDefault("2")
        int batchesInFlight();

        @WithDefault("f32le")
        String vectorEncoding();

        default VectorEncoding vectorEncodingValue() {
            return switch (vectorEncoding()) {
                case "f32le" -> VectorEncoding.F32LE;
                case "f16le" -> VectorEncoding.F16LE;
                default -> throw new IllegalArgumentException(
                        "clipstream.encode.vector-encoding must be f32le or f16le, got " + vectorEncoding());
            };
        }
    }

    interface Decode {
        /** Largest encoded image accepted, inline or fetched. */
        @WithDefault("20971520")
        long maxBytes();

        /** Largest decoded image accepted (width x height), a guard against decompression bombs. */
        @WithDefault("40000000")
        long maxPixels();

        /**
         * Large JPEGs are decoded at 1/2, 1/4 or 1/8 scale inside the IDCT, the largest reduction that keeps the
         * shorter side at least this many times the model's input side; then the Pillow-exact resize runs. A
         * number >= 1, or {@code exact} to always decode at full scale (bit-exact with the reference pipeline).
         */
        @WithDefault("2")
        String dctMargin();

        /** {@link #dctMargin()} as a number; 0 means exact. */
        default double dctMarginValue() {
            return io.clipstream.model.image.DctMargin.parse(dctMargin());
        }
    }

    interface Fetch {
        /** Downloads in flight at once. */
        @WithDefault("16")
        int concurrency();

        @WithDefault("5000")
        int connectTimeoutMs();

        /** Longest silence while reading a response. */
        @WithDefault("10000")
        int readTimeoutMs();

        /** Deadline for a whole download, redirects included. */
        @WithDefault("30000")
        int totalTimeoutMs();

        @WithDefault("3")
        int maxRedirects();

        /**
         * Hosts, addresses or CIDR ranges that may be fetched even though they are loopback, private, link-local
         * or otherwise internal; everything internal is refused by default (SSRF guard).
         */
        Optional<List<String>> allowedInternal();

        /** file: urls are accepted only below this directory; without it they are refused. */
        Optional<Path> fileRoot();

        @WithDefault("clipstream-indexer/0.1")
        String userAgent();
    }

    /**
     * Every version's projector, the configured one ({@link #version()}) and the published ones alike: one runtime,
     * one consumer group per version, offsets committed after the store acknowledged the writes.
     */
    interface Projector {
        /** Run the projector stage (embeddings log to Milvus) in this process. */
        @WithDefault("true")
        boolean enabled();

        /** Model version this projector writes; 0 is the base model without adapter. */
        @WithDefault("0")
        int version();

        /** Alias pointed at this projector's collection when no alias exists yet. */
        @WithDefault(Names.DEFAULT_ALIAS)
        String alias();

        /**
         * Metadata keys whose string values are indexed for keyword (BM25) and hybrid search, in collections this
         * projector creates; a collection keeps the text fields it was created with (a replay into a new version
         * takes new ones). {@code path} is what {@code clipstream publish} sets. Empty: vector search only.
         */
        @WithDefault("caption,tags,path")
        List<String> textFields();

        /** Embeddings per poll: at most one store upsert and one delete per partition in it, one offset commit. */
        @WithDefault("512")
        int maxPollRecords();

        /** How long a dead replica keeps its partitions of a version's group before another one takes them. */
        @WithDefault("45000")
        int sessionTimeoutMs();

        /**
         * Longest gap between two polls before the group evicts the member. Store outages do not count (the
         * projector keeps polling with its partitions paused while it retries), but one batch's writes must fit:
         * it must be at least twice {@code clipstream.milvus.rpc-deadline-ms}.
         */
        @WithDefault("300000")
        int maxPollIntervalMs();

        /** First wait before a store call is retried while the store is out (transport, unavailable, timeout). */
        @WithDefault("200")
        long retryInitialBackoffMs();

        /** Longest wait between two store retries; an outage is retried as long as it lasts. */
        @WithDefault("10000")
        long retryMaxBackoffMs();

        /** First wait before a failed batch (adapters not loadable yet, Kafka errors) is consumed again. */
        @WithDefault("1000")
        long failureInitialBackoffMs();

        @WithDefault("60000")
        long failureMaxBackoffMs();

        /**
         * Failed batches in a row, other than store outages and missing adapters, after which a projector gives up
         * and liveness turns DOWN, for the orchestrator to restart the process.
         */
        @WithDefault("10")
        int maxFailedBatches();
    }

    /**
     * Projectors of the published model versions other than {@link Projector#version()}: they run the same runtime
     * with the same {@code clipstream.projector.*} settings; these settings are the models topic follower's.
     */
    interface Reindex {
        /** Follow the models topic and project every published version; needs the projector stage on too. */
        @WithDefault("true")
        boolean enabled();

        /** First wait after a retired version could not be cleaned up yet. */
        @WithDefault("1000")
        long retryInitialBackoffMs();

        @WithDefault("60000")
        long retryMaxBackoffMs();
    }

    interface Registry {
        /** Model registry folder holding the adapters of fine-tuned versions (version 0 needs none). */
        @WithDefault("data/registry")
        Path dir();
    }

    interface Thumbnails {
        /**
         * Which images get a thumbnail, by origin: {@code inline}, {@code file}, {@code http}, or {@code all} or
         * {@code none}. http(s) images are shown from their url, so by default they get none.
         */
        @WithDefault("inline,file")
        List<String> sources();

        /** Longer side of a thumbnail; smaller images keep their size. */
        @WithDefault("256")
        int maxSidePx();

        /** JPEG quality, 0 to 1; lowered step by step for a thumbnail that would exceed {@link #maxBytes()}. */
        @WithDefault("0.8")
        float jpegQuality();

        /**
         * Largest thumbnail record; an image whose thumbnail cannot be made this small gets none. Keep it well below
         * the topic's max.message.bytes (1 MiB by default).
         */
        @WithDefault("65536")
        int maxBytes();
    }
}
