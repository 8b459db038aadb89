package io.clipstream.trainer.planted;

import io.clipstream.testing.planted.ConceptFamily;

import io.clipstream.trainer.eval.EvalQuery;
import io.clipstream.trainer.job.TrainingJobSettings;
import io.clipstream.trainer.learn.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The planted-concept benchmark's fixed choices. Eight concept families of 30 images; users search for six of them,
 * the other two get no clicks and serve as the guardrail. The catalogue is dealt into ten libraries of 24 images and
 * each search runs in one library, so every image gets shown: were all searches over the whole catalogue, the clicks
 * (hence the test split's relevant images) could only ever be the base model's own top 20, and the base model would
 * look good on them by construction.
 */
final class PlantedScenario {

    static final int IMAGES_PER_FAMILY = 30;
    static final int LIBRARIES = 10;
    /** About 12,000 clicks: enough that a phrasing's test clicks cover most of its family. */
    static final int SEARCHES = 24_000;
    static final List<ConceptFamily> CLICKED = ConceptFamily.ALL.subList(0, 6);
    static final List<ConceptFamily> UNCLICKED = ConceptFamily.ALL.subList(6, 8);

    private PlantedScenario() {
    }

    /**
     * Training runs many more steps than the defaults: a batch holds each query text once and there are only 24
     * distinct texts, so an epoch is ~60 small steps. The gate keeps its defaults.
     */
    static TrainingJobSettings settings(long seed) {
        TrainingSettings training = TrainingSettings.defaults().toBuilder().epochs(100).batchSize(64)
                .learningRate(1e-2).seed(seed).threads(2).build();
        return TrainingJobSettings.defaults().withTraining(training);
    }

    /** Templated descriptions of the unclicked families (64 queries; their images all relevant, gain 1). */
    static List<EvalQuery> guardrail(PlantedWorld world) {
        List<EvalQuery> queries = new ArrayList<>();
        for (ConceptFamily family : UNCLICKED) {
            Map<String, Double> gains = world.familyOfImage.entrySet().stream()
                    .filter(e -> e.getValue().name().equals(family.name()))
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> 1.0));
            for (String text : family.descriptions()) {
                queries.add(new EvalQuery(text, gains));
            }
        }
        return queries;
    }
}
