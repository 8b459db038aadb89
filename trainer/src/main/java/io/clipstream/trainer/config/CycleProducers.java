package io.clipstream.trainer.config;

import io.clipstream.kafka.topics.TopicsConfig;
import io.clipstream.model.ClipModel;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.trainer.cycle.CycleSettings;
import io.clipstream.trainer.cycle.TrainingCycle;
import io.clipstream.trainer.calibrate.CalibrationSettings;
import io.clipstream.trainer.data.ClickPairLog;
import io.clipstream.trainer.data.SearchLog;
import io.clipstream.trainer.data.EmbeddingCatalogue;
import io.clipstream.trainer.data.KafkaClients;
import io.clipstream.trainer.data.QueryTextEmbedder;
import io.clipstream.trainer.eval.GateSettings;
import io.clipstream.trainer.job.TrainingJobSettings;
import io.clipstream.trainer.learn.LossKind;
import io.clipstream.trainer.learn.TrainingSettings;
import io.clipstream.trainer.models.TrainerModelVersions;
import io.clipstream.trainer.registry.RunReports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Locale;

/** Assembles the training cycle from the configuration. */
@ApplicationScoped
public class CycleProducers {

    private static final long REINDEX_POLL_MS = 1000;

    @Produces
    @Singleton
    TrainingCycle cycle(TrainerConfig config, KafkaClients kafka, ClipModel model, AdapterRegistry registry,
                        RunReports reports, TrainerModelVersions versions, Clock clock) {
        String id = config.model().id();
        TopicsConfig topics = config.topics();
        TrainerConfig.Trainer t = config.trainer();
        CycleSettings settings = new CycleSettings(id, config.model().dir(), t.windowMs(), jobSettings(t),
                t.autoActivate(), t.reindexTimeoutMs(), REINDEX_POLL_MS, t.guardrailFile());
        QueryTextEmbedder texts = new QueryTextEmbedder(model);
        return new TrainingCycle(settings, new ClickPairLog(kafka, topics.clickPairs()),
                new EmbeddingCatalogue(kafka, topics.embeddings(id)), texts::embed, registry, reports,
                versions.forCycle(), clock, new SearchLog(kafka, topics.impressions(), topics.clicks()),
                CalibrationSettings.defaults().withPropensityEta(config.pairs().propensityEta()));
    }

    static TrainingJobSettings jobSettings(TrainerConfig.Trainer t) {
        TrainerConfig.Learning l = t.learning();
        int threads = l.threads() > 0 ? l.threads() : Runtime.getRuntime().availableProcessors();
        TrainingSettings training = TrainingSettings.defaults().toBuilder()
                .loss(loss(l.loss()))
                .epochs(l.epochs())
                .steps(l.minSteps(), l.maxSteps())
                .earlyStopping(l.validationChecks(), l.patience())
                .batchSize(l.batchSize())
                .learningRate(l.learningRate())
                .identityWeight(l.identityWeight())
                .hardNegatives(l.hardNegativeWeight(), l.hardNegativeWarmupEpochs(), l.maxHardNegatives())
                .seed(l.seed())
                .threads(threads)
                .build();
        TrainerConfig.Gate g = t.gate();
        return new TrainingJobSettings(t.testFraction(), t.validationFraction(), t.scales(), training,
                new GateSettings(g.minImprovement(), g.guardrailMaxDrop(), g.minTrainPairs(), g.minTestQueries(),
                        g.confidence()));
    }

    private static LossKind loss(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "infonce", "clip" -> LossKind.INFO_NCE;
            case "sigmoid", "siglip" -> LossKind.SIGMOID;
            default -> throw new IllegalArgumentException("clipstream.trainer.learning.loss must be infonce or "
                    + "sigmoid, got '" + name + "'");
        };
    }
}
