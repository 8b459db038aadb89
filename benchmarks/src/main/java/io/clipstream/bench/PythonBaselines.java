package io.clipstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Python rows, run as child processes on the same folder of images and the same model: baseline.py (one
 * process: Pillow decode and NumPy preprocessing, then onnxruntime, one after the other) and allcores.py
 * (DataLoader-style worker processes decoding while the parent's session encodes). Each prints one JSON line.
 */
final class PythonBaselines {

    private final Path python;
    private final Path model;
    private final int batch;
    private final int workers;

    PythonBaselines(Path python, Path model, int batch, int workers) {
        this.python = python;
        this.model = model;
        this.batch = batch;
        this.workers = workers;
    }

    boolean available() {
        return Files.isExecutable(python);
    }

    Map<String, Object> singleProcess(Path folder) throws Exception {
        return run("baseline.py", folder, List.of());
    }

    Map<String, Object> allCores(Path folder) throws Exception {
        return run("allcores.py", folder, List.of("--workers", Integer.toString(workers)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> run(String script, Path folder, List<String> extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(python.toString(),
                Path.of("benchmarks", "python", script).toString(), "--model", model.toString(), "--images",
                folder.toString(), "--batch", Integer.toString(batch)));
        command.addAll(extra);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(script + " failed:\n" + output);
        }
        String line = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException(script + " printed no result:\n" + output));
        System.err.printf(Locale.ROOT, "[bench] %s %s: %s%n", script, folder.getFileName(), line);
        return new ObjectMapper().readValue(line, Map.class);
    }
}
