package io.clipstream.cli.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.cli.CliFailure;
import io.clipstream.cli.http.JsonHttp;
import java.util.Map;
import java.util.Optional;

/** The trainer's HTTP API ({@code /v1/trainer}): runs, reports, versions, activation. */
public final class TrainerClient {

    static final String KEY_HEADER = "X-API-Key";

    private final JsonHttp http;

    public TrainerClient(JsonHttp http) {
        this.http = http;
    }

    /** Starts a training cycle; a cycle already running is a failure (409). */
    public void startRun(String apiKey) {
        JsonHttp.Answer answer = http.post("/v1/trainer/runs", Map.of(KEY_HEADER, apiKey), null);
        if (answer.status() == 409) {
            throw CliFailure.failed("a training cycle is already running on " + http.base()
                    + "; wait for it (clipstream trainer report)");
        }
        http.ok(answer, "POST /v1/trainer/runs");
    }

    /** Whether a cycle runs now. */
    public boolean running() {
        return http.ok(http.get("/v1/trainer/runs", Map.of()), "GET /v1/trainer/runs").path("running").asBoolean();
    }

    /** The report of the last finished run; empty before the first one. */
    public Optional<JsonNode> latestReport() {
        JsonHttp.Answer answer = http.get("/v1/trainer/runs/latest", Map.of());
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(http.ok(answer, "GET /v1/trainer/runs/latest"));
    }

    public JsonNode versions() {
        return http.ok(http.get("/v1/trainer/versions", Map.of()), "GET /v1/trainer/versions");
    }

    public JsonNode activate(int version, String apiKey) {
        String path = "/v1/trainer/versions/" + version + "/activate";
        return http.ok(http.post(path, Map.of(KEY_HEADER, apiKey), null), "POST " + path);
    }

    public JsonNode rollback(String apiKey) {
        return http.ok(http.post("/v1/trainer/rollback", Map.of(KEY_HEADER, apiKey), null),
                "POST /v1/trainer/rollback");
    }
}
