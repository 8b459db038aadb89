package io.clipstream.store.keyword;

import io.clipstream.store.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses a vector and a keyword ranking by reciprocal rank (Cormack et al. 2009): only ranks count, so cosine
 * similarities and BM25 scores, which live on unrelated scales, need no normalising. Equal fused scores are
 * ordered by id, so the fused ranking is a function of the two rankings and pages of it join up.
 */
public final class ReciprocalRankFusion {

    private ReciprocalRankFusion() {
    }

    /**
     * The fused ranking, best first; each hit carries its fused score as similarity and the stored fields of the
     * leg that found it first (vector, then keyword).
     */
    public static List<SearchHit> fuse(List<SearchHit> byVector, List<SearchHit> byKeyword, Fusion fusion) {
        Map<String, SearchHit> hits = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        add(byVector, fusion.vectorWeight(), fusion, hits, scores);
        add(byKeyword, fusion.keywordWeight(), fusion, hits, scores);
        List<String> ids = new ArrayList<>(scores.keySet());
        ids.sort(Comparator.<String>comparingDouble(scores::get).reversed().thenComparing(Comparator.naturalOrder()));
        List<SearchHit> fused = new ArrayList<>(ids.size());
        for (String id : ids) {
            SearchHit h = hits.get(id);
            fused.add(new SearchHit(id, scores.get(id), h.url(), h.contentType(), h.metadata(), h.eventTimeMs()));
        }
        return fused;
    }

    /** Hits {@code offset + 1} to {@code offset + limit} of the fused ranking. */
    public static List<SearchHit> page(List<SearchHit> fused, int limit, int offset) {
        int from = Math.min(offset, fused.size());
        return List.copyOf(fused.subList(from, Math.min(fused.size(), from + limit)));
    }

    private static void add(List<SearchHit> ranking, double weight, Fusion fusion, Map<String, SearchHit> hits,
                            Map<String, Double> scores) {
        if (weight == 0) {
            // A leg weighted 0 is left out, not ranked last: its hits would otherwise pad the fused list.
            return;
        }
        int depth = Math.min(ranking.size(), fusion.depth());
        for (int i = 0; i < depth; i++) {
            SearchHit h = ranking.get(i);
            hits.putIfAbsent(h.id(), h);
            scores.merge(h.id(), weight / (fusion.k() + i + 1), Double::sum);
        }
    }
}
