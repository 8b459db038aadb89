package io.clipstream.trainer.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.trainer.config.TrainerConfig;
import io.clipstream.trainer.cycle.CycleRunner;
import io.clipstream.trainer.models.TrainerModelVersions;
import io.clipstream.trainer.registry.RunReports;
import io.clipstream.versions.ActivationRefusedException;
import io.clipstream.versions.ModelsState;
import io.clipstream.versions.ModelsUnavailableException;
import io.clipstream.versions.NothingToRollBackException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * Training runs and versions over HTTP: reading is open, changing (start a run, activate, roll back) needs the
 * admin key in {@code X-API-Key}.
 */
@Path("/v1/trainer")
@Produces(MediaType.APPLICATION_JSON)
public class TrainerResource {

    @Inject
    TrainerConfig config;

    @Inject
    CycleRunner runner;

    @Inject
    RunReports reports;

    @Inject
    TrainerModelVersions versions;

    @POST
    @Path("/runs")
    public Response startRun(@HeaderParam("X-API-Key") String key) {
        requireAdmin(key);
        if (!runner.start("admin call")) {
            throw Problems.of(409, "a training cycle is already running", null);
        }
        return Response.accepted(Map.of("status", "started")).build();
    }

    @GET
    @Path("/runs")
    public Map<String, Object> runs() {
        return Map.of("running", runner.isRunning(), "runs", reports.runIds());
    }

    @GET
    @Path("/runs/latest")
    public JsonNode latest() {
        return reports.latest().orElseThrow(() -> Problems.of(404, "no training run has finished yet", null));
    }

    @GET
    @Path("/runs/{runId}")
    public JsonNode run(@PathParam("runId") String runId) {
        return reports.read(runId).orElseThrow(() -> Problems.of(404, "no run " + runId, "runId"));
    }

    @GET
    @Path("/versions")
    public Map<String, Object> versions() throws InterruptedException {
        ModelsState state = latestVersions();
        List<Map<String, Object>> published = state.published().values().stream()
                .map(e -> Map.<String, Object>of("version", e.version(), "collection", e.collection(),
                        "time", e.time().toString()))
                .toList();
        return Map.of("baseModelId", config.model().id(), "active", state.activeVersion(), "published", published,
                "retired", state.retired());
    }

    @POST
    @Path("/versions/{version}/activate")
    public ModelVersionEvent activate(@HeaderParam("X-API-Key") String key, @PathParam("version") String version)
            throws InterruptedException {
        requireAdmin(key);
        if (!version.matches("\\d{1,9}")) {
            throw Problems.of(400, "version must be a non-negative integer, got '" + version + "'", "version");
        }
        try {
            return versions.activation().activate(Integer.parseInt(version));
        } catch (ActivationRefusedException e) {
            throw Problems.of(422, e.getMessage(), "version");
        } catch (ModelsUnavailableException e) {
            throw Problems.of(503, e.getMessage(), null);
        }
    }

    @POST
    @Path("/rollback")
    public ModelVersionEvent rollback(@HeaderParam("X-API-Key") String key) throws InterruptedException {
        requireAdmin(key);
        try {
            return versions.activation().rollback();
        } catch (ActivationRefusedException | NothingToRollBackException e) {
            throw Problems.of(422, e.getMessage(), null);
        } catch (ModelsUnavailableException e) {
            throw Problems.of(503, e.getMessage(), null);
        }
    }

    private ModelsState latestVersions() throws InterruptedException {
        try {
            return versions.latest();
        } catch (ModelsUnavailableException e) {
            throw Problems.of(503, e.getMessage(), null);
        }
    }

    private void requireAdmin(String key) {
        if (key == null || key.isEmpty()) {
            throw Problems.of(401, "this call needs the admin key in the X-API-Key header", "X-API-Key");
        }
        String expected = config.admin().apiKey().orElse("");
        if (expected.isEmpty() || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                key.getBytes(StandardCharsets.UTF_8))) {
            throw Problems.of(403, expected.isEmpty() ? "admin calls are disabled (no clipstream.admin.api-key)"
                    : "wrong admin key", "X-API-Key");
        }
    }
}
