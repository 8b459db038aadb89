package io.clipstream.cli.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A search answer as a text table: rank, score, image id, url or metadata; the model version above it. With a
 * relevance cut-off applied, each hit's probability too, the weaker hits after a separator line, and "no good
 * match" when none passed.
 */
public final class SearchTable {

    static final int MAX_CELL = 64;

    private SearchTable() {
    }

    public static String render(JsonNode answer) {
        StringBuilder out = new StringBuilder();
        JsonNode model = answer.path("model");
        JsonNode hits = answer.path("hits");
        String mode = answer.path("mode").asText("vector");
        out.append(String.format(Locale.ROOT, "model %s v%d (%s): %d hit%s%s%s, encode %.1f ms, search %.1f ms%n",
                model.path("baseModelId").asText("?"), model.path("version").asInt(),
                model.path("collection").asText("?"), hits.size(), hits.size() == 1 ? "" : "s",
                mode.equals("vector") || mode.isEmpty() ? "" : " ranked by " + mode,
                answer.path("hasMore").asBoolean() ? " (more: --offset)" : "",
                answer.path("timings").path("encodeMs").asDouble(),
                answer.path("timings").path("searchMs").asDouble()));
        JsonNode cutoff = answer.path("cutoff");
        boolean judged = cutoff.path("applied").asBoolean(false);
        if (cutoff.isObject() && !judged) {
            out.append("cut-off not applied: ").append(cutoff.path("reason").asText("?")).append('\n');
        }
        if (hits.isEmpty()) {
            return out.append("no results\n").toString();
        }
        int passed = judged ? cutoff.path("passed").asInt() : hits.size();
        if (judged && passed == 0) {
            out.append(String.format(Locale.ROOT, "no good match: no hit reaches P(relevant) %.3f%n",
                    cutoff.path("probability").asDouble()));
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RANK", judged ? "SCORE     P" : "SCORE", "ID", "URL / METADATA"});
        for (JsonNode hit : hits) {
            String score = String.format(Locale.ROOT, "%.4f", hit.path("score").asDouble());
            rows.add(new String[] {
                    hit.path("rank").asText(),
                    judged ? score + String.format(Locale.ROOT, " %5.3f", hit.path("probability").asDouble()) : score,
                    clip(hit.path("imageId").asText()),
                    clip(where(hit))});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            if (judged && r == passed + 1 && passed > 0) {
                out.append(String.format(Locale.ROOT, "-- %d weaker result%s below P(relevant) %.3f --%n",
                        hits.size() - passed, hits.size() - passed == 1 ? "" : "s",
                        cutoff.path("probability").asDouble()));
            }
            // Numbers right-aligned, text left-aligned; the last column is not padded.
            out.append(pad(row[0], widths[0], true)).append("  ")
                    .append(pad(row[1], widths[1], true)).append("  ")
                    .append(pad(row[2], widths[2], false)).append("  ")
                    .append(row[3]).append('\n');
        }
        out.append("searchId ").append(answer.path("searchId").asText()).append('\n');
        return out.toString();
    }

    /** The url when the image has one, else its metadata as key=value pairs. */
    static String where(JsonNode hit) {
        if (hit.hasNonNull("url")) {
            return hit.get("url").asText();
        }
        JsonNode metadata = hit.path("metadata");
        List<String> pairs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            pairs.add(e.getKey() + "=" + e.getValue().asText());
        }
        return pairs.isEmpty() ? "-" : String.join(" ", pairs);
    }

    static String clip(String s) {
        return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL - 3) + "...";
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
