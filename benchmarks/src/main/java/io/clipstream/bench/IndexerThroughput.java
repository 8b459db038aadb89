package io.clipstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.model.onnx.PixelInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ingest benchmark of docs/benchmarks.md in one run on one machine: for each image set, the raw encoder (float
 * and uint8 input), Java decode + preprocess alone, the indexer's encode stage alone (float and uint8 input), its projector alone, both together, and the
 * Python baselines (single process, all cores), with the ratios between them.
 *
 * <pre>
 * IndexerThroughput --model DIR [--sets 640x480,12mp] [--images 2000] [--images-12mp 300] [--batch 32]
 *                   [--python PATH] [--python-workers N] [--raw-seconds 20] [--profile true]
 *                   [--indexer-heap 2g] [--out bench-out]
 * </pre>
 *
 * Rows that need nothing but this JVM or Python run first, for every set, with no broker or Milvus Lite on the
 * machine; then Kafka and Milvus Lite start once and the indexer rows run, one child JVM per row.
 */
public final class IndexerThroughput {

    private final Path model;
    private final List<ImageSet> sets = new ArrayList<>();
    private final int batch;
    private final int rawSeconds;
    private final int pythonWorkers;
    private final boolean profile;
    private final String heap;
    private final Path out;
    private final PythonBaselines python;

    private IndexerThroughput(BenchArgs args) {
        model = Path.of(args.require("model")).toAbsolutePath();
        out = Path.of(args.get("out", "bench-out")).toAbsolutePath();
        for (String spec : args.get("sets", "640x480,12mp").split(",")) {
            int count = spec.trim().equalsIgnoreCase("12mp") ? args.getInt("images-12mp", 300)
                    : args.getInt("images", 2000);
            sets.add(ImageSet.parse(spec, count, out));
        }
        batch = args.getInt("batch", 32);
        rawSeconds = args.getInt("raw-seconds", 20);
        int cores = Runtime.getRuntime().availableProcessors();
        pythonWorkers = args.getInt("python-workers", cores);
        profile = Boolean.parseBoolean(args.get("profile", "false"));
        // 12 MP images hold about 100 MiB each while a decode thread works on them: room for every core.
        heap = args.get("indexer-heap", Math.max(2048, cores * 256) + "m");
        python = new PythonBaselines(Path.of(args.get("python", ".venv-bench/bin/python")), model, batch,
                pythonWorkers);
    }

    public static void main(String[] argv) throws Exception {
        new IndexerThroughput(BenchArgs.parse(argv)).run();
    }

    private void run() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("machine", Machine.describe());
        result.put("measured_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        result.put("model", model.toString());
        result.put("batch", batch);
        result.put("python_workers", pythonWorkers);
        result.put("indexer_heap", heap);
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("start", Machine.loadAverage());
        result.put("load_average_1m", load);

        Map<String, Object> raw = rawEncoder(PixelInput.FLOAT);
        Map<String, Object> rawUint8 = rawEncoder(PixelInput.UINT8);
        Map<String, Object> setResults = new LinkedHashMap<>();
        Map<ImageSet, List<Path>> files = new LinkedHashMap<>();
        for (ImageSet set : sets) {
            List<Path> f = set.prepare();
            files.put(set, f);
            Map<String, Object> s = describe(set, f);
            Map<String, Object> rows = new LinkedHashMap<>();
            rows.put("raw_encoder", raw);
            rows.put("raw_encoder_uint8", rawUint8);
            rows.put("java_decode_preprocess", withLoad(JavaPreprocess.measure(model, f, warmup(set))));
            log("java decode + preprocess %s: %s", set.name(), rows.get("java_decode_preprocess"));
            rows.put("python_single", python.available() ? withLoad(python.singleProcess(set.folder())) : "not run");
            rows.put("python_all_cores", python.available() ? withLoad(python.allCores(set.folder())) : "not run");
            s.put("rows", rows);
            setResults.put(set.name(), s);
        }
        result.put("sets", setResults);

        try (IngestRows ingest = new IngestRows(model, batch, heap, out)) {
            for (ImageSet set : sets) {
                Map<String, Object> rows = rows(setResults, set);
                IngestRows.Row encode = ingest.encodeStage(set, files.get(set), warmup(set), profile,
                        PixelInput.FLOAT);
                rows.put("encode_stage", withLoad(encode.result()));
                rows.put("encode_stage_uint8", withLoad(ingest.encodeStage(set, files.get(set), warmup(set), false,
                        PixelInput.UINT8).result()));
                rows.put("projector", withLoad(ingest.projector(set, encode.log())));
                rows.put("pipeline", withLoad(ingest.pipeline(set, files.get(set), warmup(set))));
            }
        }
        for (ImageSet set : sets) {
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) setResults.get(set.name());
            s.put("ratios", ratios(rows(setResults, set)));
        }
        load.put("end", Machine.loadAverage());

        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
        Files.createDirectories(out);
        Files.writeString(out.resolve("indexer-throughput.json"), json);
        String md = ThroughputReport.markdown(result);
        Files.writeString(out.resolve("indexer-throughput.md"), md);
        System.out.println(md);
        log("results: %s, %s", out.resolve("indexer-throughput.json"), out.resolve("indexer-throughput.md"));
    }

    private Map<String, Object> rawEncoder(PixelInput input) throws Exception {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("images_per_s", Rounding.round(RawImageEncoder.imagesPerSecond(model, batch, rawSeconds, input)));
        raw.put("seconds", rawSeconds);
        raw.put("load_average_1m_after", Machine.loadAverage());
        return raw;
    }

    /**
     * The 1-minute load average as a row ends: on a shared machine, a row measured while others were busy shows
     * itself here (the harness alone keeps it near the number of cores it uses).
     */
    private static Map<String, Object> withLoad(Map<String, Object> row) {
        Map<String, Object> r = new LinkedHashMap<>(row);
        r.put("load_average_1m_after", Machine.loadAverage());
        return r;
    }

    /** Untimed images before each timed Java row: a tenth of the set, at least one batch. */
    private int warmup(ImageSet set) {
        return Math.min(set.count(), Math.max(batch, set.count() / 10));
    }

    private Map<String, Object> describe(ImageSet set, List<Path> files) throws Exception {
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        String sampling = JpegFiles.chromaSubsampling(Files.readAllBytes(files.getFirst()));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("label", set.label());
        s.put("width", set.width());
        s.put("height", set.height());
        s.put("images", files.size());
        s.put("warmup_images", warmup(set));
        s.put("mean_jpeg_kib", Math.round(bytes / 1024.0 / files.size()));
        s.put("jpeg_quality", Math.round(ImageSet.QUALITY * 100));
        s.put("chroma_subsampling", sampling);
        s.put("generator", PhotoScene.VERSION);
        s.put("folder", set.folder().toString());
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rows(Map<String, Object> setResults, ImageSet set) {
        return (Map<String, Object>) ((Map<String, Object>) setResults.get(set.name())).get("rows");
    }

    private static Map<String, Object> ratios(Map<String, Object> rows) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("encode_stage_over_python_single", ratio(rows, "encode_stage", "python_single"));
        r.put("encode_stage_over_python_all_cores", ratio(rows, "encode_stage", "python_all_cores"));
        r.put("encode_stage_over_java_decode_preprocess", ratio(rows, "encode_stage", "java_decode_preprocess"));
        r.put("pipeline_over_python_single", ratio(rows, "pipeline", "python_single"));
        Map<String, Object> targets = new LinkedHashMap<>();
        for (Object[] t : ThroughputReport.RATIOS) {
            if (t[2] != null) {
                targets.put((String) t[0], t[2]);
            }
        }
        r.put("targets", targets);
        return r;
    }

    private static Double ratio(Map<String, Object> rows, String over, String under) {
        if (rows.get(over) instanceof Map<?, ?> a && a.get("images_per_s") instanceof Number x
                && rows.get(under) instanceof Map<?, ?> b && b.get("images_per_s") instanceof Number y) {
            return Rounding.significant(x.doubleValue() / y.doubleValue());
        }
        return null;
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
