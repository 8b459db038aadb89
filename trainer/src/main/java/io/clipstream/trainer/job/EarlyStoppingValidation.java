package io.clipstream.trainer.job;

import io.clipstream.trainer.compute.ParallelRanges;
import io.clipstream.trainer.eval.EvalQuery;
import io.clipstream.trainer.eval.ResidualSpace;
import io.clipstream.trainer.eval.RetrievalEvaluator;
import io.clipstream.trainer.learn.TrainedAdapters;
import io.clipstream.trainer.learn.ValidationScore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validation split's nDCG@10 at residual scale 1, asked at every training check. A check ranks the validation
 * queries' clicked images among at most {@value #MAX_IMAGES} images of the catalogue (all of it when smaller; else
 * the clicked ones and a fixed random sample of the rest), so that checking a large catalogue costs a fraction of a
 * step budget; the final choice of the residual scale ranks the whole catalogue.
 */
final class EarlyStoppingValidation implements ValidationScore {

    static final int MAX_IMAGES = 20_000;

    private final List<EvalQuery> queries;
    private final List<String> imageIds;
    private final List<float[]> imageVectors;
    private final List<String> textIds;
    private final List<float[]> textVectors;
    private final ParallelRanges parallel;
    private final RetrievalEvaluator evaluator;

    private EarlyStoppingValidation(List<EvalQuery> queries, List<String> imageIds, Map<String, float[]> catalogue,
                                    Map<String, float[]> texts, ParallelRanges parallel) {
        this.queries = queries;
        this.imageIds = imageIds;
        this.imageVectors = imageIds.stream().map(catalogue::get).toList();
        this.textIds = queries.stream().map(EvalQuery::text).toList();
        this.textVectors = textIds.stream().map(texts::get).toList();
        this.parallel = parallel;
        this.evaluator = new RetrievalEvaluator(parallel);
    }

    /** Null when there are no validation queries: training then runs its whole budget. */
    static EarlyStoppingValidation of(List<EvalQuery> validation, Map<String, float[]> catalogue,
                                      Map<String, float[]> texts, long seed, ParallelRanges parallel) {
        if (validation.isEmpty()) {
            return null;
        }
        List<String> all = List.copyOf(new TreeSet<>(catalogue.keySet()));
        List<String> ids = all;
        if (all.size() > MAX_IMAGES) {
            Set<String> chosen = new LinkedHashSet<>();
            validation.forEach(q -> q.gains().keySet().stream().filter(catalogue::containsKey).forEach(chosen::add));
            List<String> rest = new ArrayList<>(all);
            Collections.shuffle(rest, new Random(seed));
            for (int i = 0; i < rest.size() && chosen.size() < MAX_IMAGES; i++) {
                chosen.add(rest.get(i));
            }
            ids = List.copyOf(new TreeSet<>(chosen));
        }
        return new EarlyStoppingValidation(validation, ids, catalogue, texts, parallel);
    }

    @Override
    public double score(TrainedAdapters candidate) {
        ResidualSpace images = ResidualSpace.of(imageIds, imageVectors, candidate.image(), parallel);
        ResidualSpace texts = ResidualSpace.of(textIds, textVectors, candidate.text(), parallel);
        return evaluator.evaluate(queries, texts.at(1), images.at(1)).primary();
    }
}
