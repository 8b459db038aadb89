package io.clipstream.trainer.config;

import io.clipstream.kafka.naming.Names;
import io.clipstream.kafka.topics.TopicsConfig;
import io.clipstream.model.config.ModelConfig;
import io.clipstream.model.config.OnnxConfig;
import io.clipstream.store.milvus.MilvusConfig;
import io.clipstream.versions.VersionsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Typed settings of the trainer service, under {@code clipstream.*}; units are in the names. */
@ConfigMapping(prefix = "clipstream")
public interface TrainerConfig {

    ModelConfig model();

    OnnxConfig onnx();

    MilvusConfig milvus();

    Registry registry();

    /** The shared {@code clipstream.topics.*} group (names, partitions, creation). */
    TopicsConfig topics();

    VersionsConfig versions();

    Pairs pairs();

    Trainer trainer();

    Admin admin();

    interface Registry {
        /** Model registry folder: one sub-folder per fine-tuned version, shared with the indexer and query API. */
        @WithDefault("data/registry")
        Path dir();
    }

    /** The click-pair topology. */
    interface Pairs {
        /** Run the topology in this process (off for one-off training runs). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Kafka Streams application id (its consumer group and internal topic prefix); by default
         * {@code clipstream-click-pairs-<model id>} (kafka-support Names).
         */
        Optional<String> applicationId();

        /** Kafka Streams state folder (RocksDB stores). */
        @WithDefault("data/click-pairs-state")
        Path stateDir();

        /** A click counts only within this long after its search's first impression; later ones are dropped. */
        @WithDefault("1800000")
        long windowMs();

        /** How long a click waits for an impression that has not arrived yet (impressions are sent asynchronously). */
        @WithDefault("30000")
        long graceMs();

        /** Clicks of one search beyond this many are dropped (bot floods). */
        @WithDefault("10")
        int maxClicksPerSearch();

        /** Examination propensity at rank r (0-based) is {@code 1 / (r + 1)^eta}; the weight is its inverse. */
        @WithDefault("1.0")
        double propensityEta();

        /** Weights are clipped to at most this (limits the variance rare deep clicks would add). */
        @WithDefault("10.0")
        double maxWeight();

        /** How often expired searches and waiting clicks are purged from the state stores. */
        @WithDefault("60000")
        long purgeIntervalMs();
    }

    /** The training cycle: window, learning, gate, publication and activation. */
    interface Trainer {
        /** Quartz cron of the periodic cycle (seconds first); "off" disables it. */
        @WithDefault("0 0 3 * * ?")
        String cron();

        /** Click pairs of this long before the start of a run are trained and evaluated on. */
        @WithDefault("2592000000")
        long windowMs();

        /** The most recent share of the window's clicks, held out for the gate. */
        @WithDefault("0.2")
        double testFraction();

        /** The share before the test clicks on which the residual scale is chosen. */
        @WithDefault("0.1")
        double validationFraction();

        /** Residual scales tried on the validation split (WiSE-FT-style interpolation, 0 = base model). */
        @WithDefault("0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0")
        java.util.List<Double> scales();

        Learning learning();

        Gate gate();

        /** Optional guardrail set: JSON lines {"query": "...", "relevant": {"<imageId>": gain, ...}}. */
        Optional<Path> guardrailFile();

        /** Activate a published version once its reindex has caught up. */
        @WithDefault("true")
        boolean autoActivate();

        /** How long a run waits for the new version's reindex before leaving activation to an operator. */
        @WithDefault("3600000")
        long reindexTimeoutMs();

        /** Published versions kept (the active one and its rollback target are always kept). */
        @WithDefault("3")
        int keepVersions();

        /** The store alias searches go through (the indexer's projector.alias, the query API's search.alias). */
        @WithDefault(Names.DEFAULT_ALIAS)
        String alias();
    }

    interface Learning {
        /** infonce (symmetric CLIP loss) or sigmoid (SigLIP pairwise loss). */
        @WithDefault("infonce")
        String loss();

        /** Passes over the training pairs the step budget aims at. */
        @WithDefault("20")
        int epochs();

        /** The step budget's floor: small windows still train this many optimizer steps. */
        @WithDefault("600")
        int minSteps();

        /** The step budget's ceiling. */
        @WithDefault("20000")
        int maxSteps();

        /** Validation checks over the budget; the best one's parameters are kept. */
        @WithDefault("20")
        int validationChecks();

        /** Checks without a better validation score after which training stops (never before min-steps). */
        @WithDefault("5")
        int patience();

        @WithDefault("256")
        int batchSize();

        @WithDefault("0.003")
        double learningRate();

        /** Weight of the L2 pull of the adapters toward the identity. */
        @WithDefault("0.01")
        double identityWeight();

        /** A shown-not-clicked image counts this many times in the softmax denominator. */
        @WithDefault("0.5")
        double hardNegativeWeight();

        /** Epochs trained on in-batch negatives only before hard negatives join. */
        @WithDefault("3")
        int hardNegativeWarmupEpochs();

        @WithDefault("4")
        int maxHardNegatives();

        @WithDefault("42")
        long seed();

        /** Training threads; 0 = the available processors. */
        @WithDefault("0")
        int threads();
    }

    interface Gate {
        /** Least absolute nDCG@10 gain on the held-out clicks for a version to be published. */
        @WithDefault("0.02")
        double minImprovement();

        /** Most nDCG@10 the guardrail set may lose. */
        @WithDefault("0.02")
        double guardrailMaxDrop();

        /** Distinct (query, image) training pairs needed at least. */
        @WithDefault("100")
        int minTrainPairs();

        /** Held-out queries needed at least: fewer make the gate's comparison noise. */
        @WithDefault("20")
        int minTestQueries();

        /** The test gain must be above zero with this confidence (paired bootstrap over test queries); 0 = off. */
        @WithDefault("0.99")
        double confidence();
    }

    interface Admin {
        /** Key the admin endpoints (run, activate, rollback) require in X-API-Key; unset = admin disabled. */
        Optional<String> apiKey();
    }
}
