package io.clipstream.trainer.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clipstream.events.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The report of every training run, published or not, as {@code <registry>/<model>/reports/<runId>.json}; run ids
 * sort by time, so the latest is the last name. Written to a temporary file and renamed.
 */
public final class RunReports {

    private static final ObjectMapper JSON = EventJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public RunReports(Path registryRoot, String baseModelId) {
        this.dir = registryRoot.resolve(baseModelId).resolve("reports");
    }

    public Path dir() {
        return dir;
    }

    public Path write(String runId, Object report) {
        Path target = dir.resolve(runId + ".json");
        Path tmp = dir.resolve("." + runId + ".json.tmp");
        try {
            Files.createDirectories(dir);
            JSON.writeValue(tmp.toFile(), report);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run report " + target, e);
        }
    }

    /** Run ids, oldest first. */
    public List<String> runIds() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    public Optional<JsonNode> read(String runId) {
        if (!runId.matches("[A-Za-z0-9TZ-]+")) {
            return Optional.empty();
        }
        Path file = dir.resolve(runId + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public Optional<JsonNode> latest() {
        List<String> ids = runIds();
        return ids.isEmpty() ? Optional.empty() : read(ids.get(ids.size() - 1));
    }
}
