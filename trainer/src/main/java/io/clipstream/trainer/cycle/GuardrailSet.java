package io.clipstream.trainer.cycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.EventJson;
import io.clipstream.trainer.eval.EvalQuery;
import io.clipstream.trainer.pairs.QueryTexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A curated guardrail set: queries unrelated to what users click, whose results must not get worse. One JSON
 * object per line: {@code {"query": "a dog on a beach", "relevant": {"img-1": 1.0, "img-7": 0.5}}} (a list of ids
 * means gain 1 each).
 */
public final class GuardrailSet {

    private GuardrailSet() {
    }

    public static List<EvalQuery> load(Path file) {
        List<EvalQuery> queries = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the guardrail set " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                queries.add(parse(EventJson.mapper().readTree(line)));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return queries;
    }

    private static EvalQuery parse(JsonNode node) {
        String query = node.path("query").asText("");
        JsonNode relevant = node.path("relevant");
        Map<String, Double> gains = new LinkedHashMap<>();
        if (relevant.isArray()) {
            relevant.forEach(id -> gains.put(id.asText(), 1.0));
        } else if (relevant.isObject()) {
            relevant.properties().forEach(e -> gains.put(e.getKey(), e.getValue().asDouble()));
        }
        if (query.isBlank() || gains.isEmpty()) {
            throw new IllegalArgumentException("needs a non-empty \"query\" and \"relevant\" ids");
        }
        return new EvalQuery(QueryTexts.normalise(query), gains);
    }
}
