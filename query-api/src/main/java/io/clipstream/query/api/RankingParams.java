package io.clipstream.query.api;

import io.clipstream.query.api.problem.ApiProblem;
import io.clipstream.query.search.RankingRequest;
import io.clipstream.query.search.SearchMode;
import java.util.Locale;

/** Reads {@code mode}, {@code vectorWeight} and {@code keywordWeight} of a search request; 400 naming the field. */
final class RankingParams {

    static final String MODE = "How to rank: 'vector' (default: embedding similarity), 'keyword' (BM25 over the "
            + "declared text fields, clipstream.projector.text-fields: caption, tags, path) or 'hybrid' (both, "
            + "fused by reciprocal rank). Keyword and hybrid need a text query (of a weighted query, its positive "
            + "text terms) and a store and collection with keyword search; where there is none the answer is a 422 "
            + "problem with field 'mode', never a vector-only result. A continued search keeps its mode.";
    static final String VECTOR_WEIGHT = "Hybrid only: weight of the vector ranking in the fusion, 0..100 "
            + "(default clipstream.search.hybrid-vector-weight, 1)";
    static final String KEYWORD_WEIGHT = "Hybrid only: weight of the keyword ranking in the fusion, 0..100 "
            + "(default clipstream.search.hybrid-keyword-weight, 1)";
    private static final double MAX_WEIGHT = 100;

    private RankingParams() {
    }

    /** The ranking asked for; null when nothing was given (vector, or the continued search's own). */
    static RankingRequest of(String mode, Double vectorWeight, Double keywordWeight) {
        if (mode == null || mode.isBlank()) {
            if (vectorWeight != null || keywordWeight != null) {
                throw ApiProblem.invalid(vectorWeight != null ? "vectorWeight" : "keywordWeight",
                        "weights apply to mode=hybrid only");
            }
            return null;
        }
        SearchMode parsed = switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "vector" -> SearchMode.VECTOR;
            case "keyword" -> SearchMode.KEYWORD;
            case "hybrid" -> SearchMode.HYBRID;
            default -> throw ApiProblem.invalid("mode", "mode must be vector, keyword or hybrid, got '" + mode + "'");
        };
        if (parsed != SearchMode.HYBRID && (vectorWeight != null || keywordWeight != null)) {
            throw ApiProblem.invalid(vectorWeight != null ? "vectorWeight" : "keywordWeight",
                    "weights apply to mode=hybrid only");
        }
        return new RankingRequest(parsed, weight("vectorWeight", vectorWeight), weight("keywordWeight",
                keywordWeight));
    }

    /** For query parameters, which arrive as text. */
    static Double weightParam(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(field, field + " must be a number, got '" + raw + "'");
        }
    }

    private static Double weight(String field, Double value) {
        if (value != null && !(value >= 0 && value <= MAX_WEIGHT)) {
            throw ApiProblem.invalid(field, field + " must be within 0.." + (int) MAX_WEIGHT + ", got " + value);
        }
        return value;
    }
}
