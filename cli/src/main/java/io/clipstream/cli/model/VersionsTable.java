package io.clipstream.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Text for {@code model list}: the catalogue, and the trainer's published versions. */
public final class VersionsTable {

    private VersionsTable() {
    }

    public static String catalogue(ModelCatalogue catalogue) {
        StringBuilder out = new StringBuilder("catalogue (clipstream model fetch NAME):\n");
        int width = catalogue.entries().stream().mapToInt(e -> e.name().length()).max().orElse(0);
        for (CatalogueEntry e : catalogue.entries()) {
            out.append("  ").append(e.name()).append(" ".repeat(width - e.name().length())).append("  ")
                    .append(e.repo()).append('@').append(e.revision(), 0, Math.min(12, e.revision().length()))
                    .append("  ").append(e.description() == null ? "" : e.description()).append('\n');
        }
        return out.toString();
    }

    /** The answer of GET /v1/trainer/versions, the active version marked with '*'. */
    public static String versions(JsonNode answer) {
        int active = answer.path("active").asInt(-1);
        StringBuilder out = new StringBuilder("versions of ").append(answer.path("baseModelId").asText("?"))
                .append(" (* active):\n");
        JsonNode published = answer.path("published");
        if (published.isEmpty()) {
            out.append("  none published\n");
        }
        for (JsonNode v : published) {
            int version = v.path("version").asInt();
            out.append(version == active ? "* " : "  ").append('v').append(version).append("  ")
                    .append(v.path("collection").asText()).append("  ").append(v.path("time").asText()).append('\n');
        }
        List<String> retired = new ArrayList<>();
        answer.path("retired").forEach(r -> retired.add("v" + r.asText()));
        if (!retired.isEmpty()) {
            out.append("  retired: ").append(String.join(", ", retired)).append('\n');
        }
        return out.toString();
    }

    /** A models-topic event (PUBLISHED/ACTIVATED) answered by activate and rollback. */
    public static String activation(JsonNode event) {
        StringBuilder out = new StringBuilder();
        out.append(event.path("type").asText("ACTIVATED").toLowerCase(java.util.Locale.ROOT)).append(' ')
                .append(event.path("baseModelId").asText("?")).append(" v").append(event.path("version").asInt())
                .append(" (collection ").append(event.path("collection").asText("?")).append(')');
        if (event.hasNonNull("previousVersion")) {
            out.append(", previously v").append(event.get("previousVersion").asInt());
        }
        return out.append('\n').toString();
    }
}
