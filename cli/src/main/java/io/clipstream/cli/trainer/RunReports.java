package io.clipstream.cli.trainer;

import com.fasterxml.jackson.databind.JsonNode;

/** A training run's report in a few lines: what was trained, and the gate's decision with its reasons. */
public final class RunReports {

    private RunReports() {
    }

    public static boolean published(JsonNode report) {
        return report.path("published").asBoolean(false);
    }

    public static String render(JsonNode report) {
        StringBuilder out = new StringBuilder();
        out.append("run ").append(report.path("runId").asText("?")).append(" of ")
                .append(report.path("baseModelId").asText("?")).append(": ")
                .append(report.path("pairsInWindow").asInt()).append(" click pairs in the window, finished ")
                .append(report.path("finished").asText("?")).append('\n');
        if (report.hasNonNull("refusedBeforeTraining")) {
            out.append("gate: REFUSED before training: ").append(report.get("refusedBeforeTraining").asText())
                    .append('\n');
        } else {
            JsonNode gate = report.path("training").path("gate");
            out.append("gate: ").append(gate.path("publish").asBoolean() ? "PUBLISH" : "REFUSED").append('\n');
            for (JsonNode reason : gate.path("reasons")) {
                out.append("  - ").append(reason.asText()).append('\n');
            }
        }
        if (published(report)) {
            out.append("published version ").append(report.path("version").asInt());
            if (report.hasNonNull("activation")) {
                out.append(", activated");
            }
            out.append('\n');
        }
        for (JsonNode line : report.path("outcome")) {
            out.append("outcome: ").append(line.asText()).append('\n');
        }
        return out.toString();
    }
}
