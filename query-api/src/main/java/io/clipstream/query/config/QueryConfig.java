package io.clipstream.query.config;

import io.clipstream.kafka.naming.Names;
import io.clipstream.kafka.topics.TopicsConfig;
import io.clipstream.model.config.ModelConfig;
import io.clipstream.model.config.OnnxConfig;
import io.clipstream.store.milvus.MilvusConfig;
import io.clipstream.versions.VersionsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Typed settings of the query API, under {@code clipstream.*}; units are in the names. */
@ConfigMapping(prefix = "clipstream")
public interface QueryConfig {

    ModelConfig model();

    OnnxConfig onnx();

    MilvusConfig milvus();

    Registry registry();

    /** The shared {@code clipstream.topics.*} group (names, partitions, creation). */
    TopicsConfig topics();

    Search search();

    Text text();

    Image image();

    Sessions sessions();

    Admin admin();

    Thumbnails thumbnails();

    VersionsConfig versions();

    interface Registry {
        /** Model registry folder holding the adapters of fine-tuned versions (version 0 needs none). */
        @WithDefault("data/registry")
        Path dir();
    }

    interface Search {
        @WithDefault("20")
        int defaultK();

        @WithDefault("100")
        int maxK();

        /** Deepest result reachable by paging (offset + k). */
        @WithDefault("1000")
        int maxDepth();

        @WithDefault("1024")
        int maxTextChars();

        /** Terms of a weighted query (search syntax or list); more are refused with a 400. */
        @WithDefault("16")
        int maxTerms();

        /** Largest absolute weight of a term. */
        @WithDefault("100")
        double maxTermWeight();

        /**
         * The relevance cut-off of a search that names none: {@code none}, {@code auto} or a probability. Applied
         * only where the serving version has a calibration; elsewhere every hit is shown.
         */
        @WithDefault("none")
        String defaultCutoff();

        /** Rank constant k of hybrid search's reciprocal rank fusion: a hit at rank r adds weight / (k + r). */
        @WithDefault("60")
        int rrfK();

        /** Hits of each ranking a hybrid search fuses; its pages end after at most twice as many. */
        @WithDefault("200")
        int hybridDepth();

        /** Default weight of the vector ranking in a hybrid search (a request's vectorWeight overrides it). */
        @WithDefault("1.0")
        double hybridVectorWeight();

        /** Default weight of the keyword ranking in a hybrid search (a request's keywordWeight overrides it). */
        @WithDefault("1.0")
        double hybridKeywordWeight();

        /** Store alias pointed at the active version's collection when a version is activated here. */
        @WithDefault(Names.DEFAULT_ALIAS)
        String alias();

        /**
         * Metadata fields a filter may use, with their type (string, number or boolean), e.g.
         * {@code clipstream.search.filter-fields.camera=string}. eventTime and contentType are always filterable.
         */
        Map<String, String> filterFields();
    }

    interface Text {
        /** Queries per text-encoder call when requests arrive together. */
        @WithDefault("16")
        int maxBatchSize();

        /**
         * How long the first query of a batch waits for company. 0: run as soon as the encoder is free; queries
         * arriving meanwhile form the next batch, so a lone query never waits and a busy encoder still batches.
         */
        @WithDefault("0")
        int maxWaitMs();

        /** Query embeddings kept (LRU); 0 turns the cache off. */
        @WithDefault("10000")
        long cacheSize();
    }

    interface Image {
        /** Largest uploaded image accepted. */
        @WithDefault("20971520")
        long maxBytes();

        /** Largest decoded image accepted (width x height). */
        @WithDefault("40000000")
        long maxPixels();

        /**
         * JPEG DCT-domain downscaling margin, as the indexer's {@code clipstream.decode.dct-margin} (keep them
         * equal, so an uploaded copy of an indexed image gets the same pixels); {@code exact} = full scale.
         */
        @WithDefault("2")
        String dctMargin();

        @WithDefault("8")
        int maxBatchSize();

        /** As for text: 0 batches only what queued while the encoder was busy. */
        @WithDefault("0")
        int maxWaitMs();
    }

    interface Sessions {
        /** Memory for recent searches (paging and click validation); the oldest are dropped beyond it. */
        @WithDefault("67108864")
        long maxBytes();

        /** How long a search accepts clicks and further pages. */
        @WithDefault("60")
        long ttlMinutes();
    }

    interface Admin {
        /** Key the admin endpoints require in the X-API-Key header; without it they are disabled. */
        Optional<String> apiKey();
    }

    interface Thumbnails {
        /** Where this replica keeps its RocksDB view of the thumbnails topic (one folder per replica). */
        @WithDefault("data/kafka-streams")
        Path stateDir();
    }
}
