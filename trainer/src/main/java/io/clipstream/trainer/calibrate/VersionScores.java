package io.clipstream.trainer.calibrate;

import io.clipstream.model.adapter.EmbeddingAdapter;
import io.clipstream.model.vector.Vectors;
import io.clipstream.trainer.data.SearchLog;
import io.clipstream.trainer.job.QueryEmbedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Logged searches scored as the version being published would score them: its text adapter on the query's base
 * vector, its image adapter on each shown image's, cosine of the two. The rank each result was shown at stays
 * the logged one, as the clicks depend on it.
 */
public final class VersionScores {

    private VersionScores() {
    }

    public static List<ScoredSearch> of(List<SearchLog.Search> searches, Map<String, float[]> catalogue,
                                        QueryEmbedder embedder, EmbeddingAdapter text, EmbeddingAdapter image) {
        Set<String> texts = new TreeSet<>();
        searches.forEach(s -> texts.add(s.text()));
        List<String> ordered = List.copyOf(texts);
        float[][] vectors = ordered.isEmpty() ? new float[0][] : embedder.embed(ordered);
        Map<String, float[]> queries = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            queries.put(ordered.get(i), text.apply(vectors[i]));
        }
        Map<String, float[]> images = new HashMap<>();
        List<ScoredSearch> out = new ArrayList<>(searches.size());
        for (SearchLog.Search search : searches) {
            float[] query = queries.get(search.text());
            List<Integer> ranks = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            search.shown().forEach((rank, id) -> {
                if (catalogue.containsKey(id)) {
                    ranks.add(rank);
                    ids.add(id);
                }
            });
            int[] r = new int[ids.size()];
            double[] scores = new double[ids.size()];
            boolean[] clicked = new boolean[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                float[] vector = images.computeIfAbsent(id, k -> image.apply(catalogue.get(k)));
                r[i] = ranks.get(i);
                scores[i] = Vectors.dot(query, vector) / Math.sqrt(Vectors.dot(query, query)
                        * Vectors.dot(vector, vector));
                clicked[i] = search.clicked().contains(id);
            }
            out.add(new ScoredSearch(search.time(), r, scores, clicked));
        }
        return out;
    }
}
