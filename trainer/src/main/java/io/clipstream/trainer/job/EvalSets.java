package io.clipstream.trainer.job;

import io.clipstream.events.ClickPair;
import io.clipstream.trainer.eval.EvalQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One evaluation query per distinct query text of a split; gains = summed click weights of its clicked images. */
final class EvalSets {

    private EvalSets() {
    }

    static List<EvalQuery> of(List<ClickPair> split) {
        Map<String, Map<String, Double>> gains = new TreeMap<>();
        for (ClickPair pair : split) {
            gains.computeIfAbsent(pair.queryText(), q -> new TreeMap<>()).merge(pair.imageId(), pair.weight(),
                    Double::sum);
        }
        List<EvalQuery> queries = new ArrayList<>(gains.size());
        gains.forEach((text, images) -> queries.add(new EvalQuery(text, images)));
        return queries;
    }
}
